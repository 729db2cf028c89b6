package dev.aitoingest.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A table as the catalog keeps it: its schema and that schema's version within the generation its
 * data lives in, and what column changes since the generation began mean for rows stored before
 * them: {@code fills} are the values of columns added later (the PUT column {@code "value"}), for
 * rows validated before the column came; {@code dropped} the columns removed since. Reads reshape
 * old rows by these; rows validated against the current schema never need it.
 */
public record StoredTable(String generation, long schemaVersion, TableSchema schema, SortedMap<String, Fill> fills,
                          Set<String> dropped) {

    /** The value a column added at {@code since} takes in rows validated against an older schema version. */
    public record Fill(JsonNode value, long since) {
    }

    public StoredTable {
        fills = Collections.unmodifiableSortedMap(new TreeMap<>(fills));
        dropped = Collections.unmodifiableSet(new TreeSet<>(dropped));
    }

    public static StoredTable fresh(String generation, TableSchema schema) {
        return new StoredTable(generation, 0, schema, new TreeMap<>(), Set.of());
    }

    /** True when rows validated against {@code schemaVersion} must be reshaped to the current columns. */
    public boolean reshapes(long rowsSchemaVersion) {
        return !dropped.isEmpty() || (!fills.isEmpty() && rowsSchemaVersion < schemaVersion);
    }
}
