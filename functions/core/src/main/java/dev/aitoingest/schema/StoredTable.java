package dev.aitoingest.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A table as the catalog keeps it: its schema, the generation its data lives in, and what column
 * changes since the generation began mean for rows stored before them: {@code fills} are the
 * values of columns added later (the PUT column {@code "value"}), {@code dropped} the columns
 * removed since. Reads reshape old rows by these; new rows never need it.
 */
public record StoredTable(String generation, TableSchema schema, SortedMap<String, JsonNode> fills, Set<String> dropped) {

    public StoredTable {
        fills = Collections.unmodifiableSortedMap(new TreeMap<>(fills));
        dropped = Collections.unmodifiableSet(new TreeSet<>(dropped));
    }

    public static StoredTable fresh(String generation, TableSchema schema) {
        return new StoredTable(generation, schema, new TreeMap<>(), Set.of());
    }

    /** True when rows read back must be reshaped to the current columns. */
    public boolean reshapesRows() {
        return !fills.isEmpty() || !dropped.isEmpty();
    }
}
