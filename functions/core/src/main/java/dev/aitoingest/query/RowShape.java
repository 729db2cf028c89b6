package dev.aitoingest.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aitoingest.schema.StoredTable;

/** A stored row as the table's current columns show it: what every read and every rewrite of rows sees. */
public final class RowShape {

    private RowShape() {
    }

    /**
     * Applies column changes made after the row was validated: dropped columns go, and columns
     * added since with a {@code "value"} appear with it.
     */
    public static JsonNode reshape(StoredTable stored, long rowsSchemaVersion, JsonNode row) {
        if (!stored.reshapes(rowsSchemaVersion) || !row.isObject()) {
            return row;
        }
        ObjectNode shaped = (ObjectNode) row;
        for (String dropped : stored.dropped()) {
            if (stored.schema().column(dropped) == null) {
                shaped.remove(dropped);
            }
        }
        stored.fills().forEach((column, fill) -> {
            if (fill.since() > rowsSchemaVersion && !shaped.has(column)) {
                shaped.set(column, fill.value().deepCopy());
            }
        });
        return shaped;
    }
}
