package dev.aitoingest.schema;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/** A table's columns, sorted by name as every answer lists them. */
public record TableSchema(SortedMap<String, ColumnSchema> columns) {

    public TableSchema {
        columns = Collections.unmodifiableSortedMap(new TreeMap<>(columns));
    }

    public ColumnSchema column(String name) {
        return columns.get(name);
    }
}
