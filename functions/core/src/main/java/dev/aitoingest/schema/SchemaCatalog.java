package dev.aitoingest.schema;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/** Every table of the database at one version of the schema item. */
public record SchemaCatalog(long version, SortedMap<String, StoredTable> tables) {

    public SchemaCatalog {
        tables = Collections.unmodifiableSortedMap(new TreeMap<>(tables));
    }

    public SortedMap<String, TableSchema> schemas() {
        SortedMap<String, TableSchema> schemas = new TreeMap<>();
        tables.forEach((name, table) -> schemas.put(name, table.schema()));
        return schemas;
    }
}
