package dev.aitoingest.schema;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One column. {@code link} ("table.column") and {@code analyzer} (Text only, kept as the client
 * sent it) may be null.
 */
public record ColumnSchema(ColumnType type, boolean nullable, String link, JsonNode analyzer) {

    public ColumnSchema {
        if (type == null) {
            throw new IllegalArgumentException("type is required");
        }
    }
}
