package dev.aitoingest.schema;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Checks one row against a table's schema while it streams through a Jackson parser, so no tree
 * is built and string values are never decoded unless they are wrong. Immutable and thread-safe:
 * every upload path (single row, batch, stream, file) uses one instance per table schema.
 */
public final class RowValidator {

    /** The first thing wrong with a row; {@code column} is null when the row as a whole is wrong. */
    public record Problem(String column, String message) {
    }

    private final Map<String, Integer> index;
    private final String[] names;
    private final ColumnType[] types;
    private final boolean[] nullable;

    public RowValidator(TableSchema schema) {
        int n = schema.columns().size();
        index = new HashMap<>(n * 2);
        names = new String[n];
        types = new ColumnType[n];
        nullable = new boolean[n];
        int i = 0;
        for (Map.Entry<String, ColumnSchema> column : schema.columns().entrySet()) {
            index.put(column.getKey(), i);
            names[i] = column.getKey();
            types[i] = column.getValue().type();
            nullable[i] = column.getValue().nullable();
            i++;
        }
    }

    /**
     * Validates the row whose first token is the parser's current token. Returns null when the
     * row is valid. Either way the parser is left on the row's last token.
     */
    public Problem validate(JsonParser p) throws IOException {
        JsonToken first = p.currentToken();
        if (first == null) {
            return new Problem(null, "expected a JSON object, got nothing");
        }
        if (first != JsonToken.START_OBJECT) {
            String got = describeAndSkip(p);
            return new Problem(null, "expected a JSON object, got " + got);
        }
        long[] seen = new long[(names.length + 63) >>> 6];
        JsonToken token;
        while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            Integer column = index.get(name);
            p.nextToken();
            if (column == null) {
                p.skipChildren();
                skipRestOfObject(p);
                return new Problem(name, "not a column of this table");
            }
            int c = column;
            long bit = 1L << (c & 63);
            if ((seen[c >>> 6] & bit) != 0) {
                p.skipChildren();
                skipRestOfObject(p);
                return new Problem(name, "appears twice in the row");
            }
            seen[c >>> 6] |= bit;
            String problem = checkValue(p, c);
            if (problem != null) {
                skipRestOfObject(p);
                return new Problem(name, problem);
            }
        }
        if (token != JsonToken.END_OBJECT) {
            throw new IllegalStateException("parser ended inside an object");
        }
        for (int c = 0; c < names.length; c++) {
            if (!nullable[c] && (seen[c >>> 6] & (1L << (c & 63))) == 0) {
                return new Problem(names[c], "missing; expected " + types[c].displayName() + " (the column is not nullable)");
            }
        }
        return null;
    }

    /** Checks the value under the parser, leaving the parser on its last token. */
    private String checkValue(JsonParser p, int c) throws IOException {
        JsonToken token = p.currentToken();
        ColumnType type = types[c];
        if (token == JsonToken.VALUE_NULL) {
            return nullable[c] ? null : "expected " + type.displayName() + ", got null (the column is not nullable)";
        }
        boolean ok = switch (type) {
            case JSON -> true;
            case BOOLEAN -> token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE;
            case STRING, TEXT -> token == JsonToken.VALUE_STRING;
            case DECIMAL -> token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT;
            case INT -> token == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT;
            case LONG -> token == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER;
        };
        if (ok) {
            p.skipChildren();
            return null;
        }
        if (token == JsonToken.VALUE_NUMBER_INT && (type == ColumnType.INT || type == ColumnType.LONG)) {
            String range = type == ColumnType.INT ? "32-bit" : "64-bit";
            return "expected " + type.displayName() + ", got " + JsonKinds.describe(p) + ", outside the " + range + " range";
        }
        return "expected " + type.displayName() + ", got " + describeAndSkip(p);
    }

    private static String describeAndSkip(JsonParser p) throws IOException {
        String described = JsonKinds.describe(p);
        p.skipChildren();
        return described;
    }

    private static void skipRestOfObject(JsonParser p) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            p.nextToken();
            p.skipChildren();
        }
    }
}
