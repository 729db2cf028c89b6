package dev.aitoingest.schema;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.aitoingest.storage.StatsCollector;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks one row against a table's schema while it streams through a Jackson parser, so no tree
 * is built and string values are never decoded unless they are wrong. Immutable and thread-safe:
 * every upload path (single row, batch, stream, file) uses one instance per table schema, and
 * for each segment one {@link #reportingTo} it, which hands the values of Int, Long, Decimal and
 * String columns to the segment's statistics on the same parse (only those strings are decoded).
 */
public final class RowValidator {

    /** The first thing wrong with a row; {@code column} is null when the row as a whole is wrong. */
    public record Problem(String column, String message) {
    }

    private final TableSchema schema;
    private final Map<String, Integer> index;
    private final String[] names;
    private final ColumnType[] types;
    private final boolean[] nullable;
    /** Each column's slot in a segment's statistics, -1 for columns of types without them. */
    private final int[] statSlots;
    private final List<String> statNames;
    private final List<StatsCollector.Kind> statKinds;
    /** Where values go; null when they go nowhere. */
    private final StatsCollector stats;
    /**
     * The column of each field position in the last row, guessed for the next: rows of one upload
     * mostly list their fields in one order, and a confirmed guess saves a hash lookup. A guess is
     * always checked, so threads that share a validator can only make each other guess wrong.
     */
    private final int[] guesses;
    private final DirectRowCheck direct;
    /** Where the direct check decodes counted strings; only a validator with statistics counts them. */
    private final DirectRowCheck.Scratch scratch;

    public RowValidator(TableSchema schema) {
        this.schema = schema;
        int n = schema.columns().size();
        index = new HashMap<>(n * 2);
        names = new String[n];
        types = new ColumnType[n];
        nullable = new boolean[n];
        statSlots = new int[n];
        statNames = new ArrayList<>();
        statKinds = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, ColumnSchema> column : schema.columns().entrySet()) {
            index.put(column.getKey(), i);
            names[i] = column.getKey().intern();
            types[i] = column.getValue().type();
            nullable[i] = column.getValue().nullable();
            StatsCollector.Kind kind = switch (types[i]) {
                case INT, LONG -> StatsCollector.Kind.INTEGER;
                case DECIMAL -> StatsCollector.Kind.DECIMAL;
                case STRING -> StatsCollector.Kind.STRING;
                default -> null;
            };
            statSlots[i] = kind == null ? -1 : statNames.size();
            if (kind != null) {
                statNames.add(names[i]);
                statKinds.add(kind);
            }
            i++;
        }
        stats = null;
        guesses = new int[n];
        direct = new DirectRowCheck(names, types, nullable, statSlots);
        scratch = null;
    }

    private RowValidator(RowValidator schema, StatsCollector stats) {
        this.schema = schema.schema;
        index = schema.index;
        names = schema.names;
        types = schema.types;
        nullable = schema.nullable;
        statSlots = schema.statSlots;
        statNames = schema.statNames;
        statKinds = schema.statKinds;
        this.stats = stats;
        guesses = new int[names.length];
        direct = schema.direct;
        scratch = new DirectRowCheck.Scratch();
    }

    /** The statistics this validator reports values to; null when they go nowhere. */
    public StatsCollector stats() {
        return stats;
    }

    /** The table schema rows are checked against: a CSV reader types its cells by it. */
    public TableSchema schema() {
        return schema;
    }

    /**
     * Reports a row already parsed to the statistics, as validating reports the values it parses:
     * for rows that are rewritten (a delete keeps them), not sent again. As after validating, the
     * segment writer that takes the row counts it.
     */
    public void reportParsed(JsonNode row, StatsCollector stats) {
        stats.startRow();
        for (int slot = 0; slot < statNames.size(); slot++) {
            JsonNode value = row.get(statNames.get(slot));
            if (value == null) {
                continue;
            }
            switch (statKinds.get(slot)) {
                case INTEGER -> {
                    if (value.isIntegralNumber() && value.canConvertToLong()) {
                        stats.integer(slot, value.longValue());
                    }
                }
                case DECIMAL -> {
                    if (value.isNumber()) {
                        char[] text = value.asText().toCharArray();
                        stats.decimal(slot, text, 0, text.length);
                    }
                }
                case STRING -> {
                    if (value.isTextual()) {
                        char[] text = value.textValue().toCharArray();
                        stats.string(slot, text, 0, text.length);
                    }
                }
            }
        }
    }

    /** Statistics for one segment of rows of this schema. */
    public StatsCollector newStats() {
        return new StatsCollector(statNames, statKinds);
    }

    /**
     * This validator, reporting each row's values to {@code stats} as it checks them; the segment
     * writer that shares {@code stats} takes them in with the rows it is given.
     */
    public RowValidator reportingTo(StatsCollector stats) {
        return new RowValidator(this, stats);
    }

    /**
     * True when the row's bytes, {@code length} from {@code offset}, are a valid row, proved
     * without a parser and reported to the statistics as {@link #validate} reports them; false
     * when it must be validated with a parser, which decides and names what is wrong.
     */
    public boolean acceptsDirectly(byte[] buffer, int offset, int length) {
        return direct.accepts(buffer, offset, offset + length, guesses, stats, scratch);
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
        if (stats != null) {
            stats.startRow();
        }
        long[] seen = new long[(names.length + 63) >>> 6];
        JsonToken token;
        for (int field = 0; (token = p.nextToken()) == JsonToken.FIELD_NAME; field++) {
            String name = p.currentName();
            int c = field < guesses.length ? guesses[field] : -1;
            // Jackson interns field names, as the constructor does the columns': one comparison confirms a guess
            if (c < 0 || names[c] != name) {
                Integer column = index.get(name);
                c = column == null ? -1 : column;
                if (c >= 0 && field < guesses.length) {
                    guesses[field] = c;
                }
            }
            p.nextToken();
            if (c < 0) {
                p.skipChildren();
                skipRestOfObject(p);
                return new Problem(name, "not a column of this table");
            }
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
            int slot = statSlots[c];
            if (stats != null && slot >= 0) {
                report(p, type, slot);
            } else {
                p.skipChildren();
            }
            return null;
        }
        if (token == JsonToken.VALUE_NUMBER_INT && (type == ColumnType.INT || type == ColumnType.LONG)) {
            String range = type == ColumnType.INT ? "32-bit" : "64-bit";
            return "expected " + type.displayName() + ", got " + JsonKinds.describe(p) + ", outside the " + range + " range";
        }
        return "expected " + type.displayName() + ", got " + describeAndSkip(p);
    }

    /** Hands a valid scalar value to the statistics: numbers as numbers, strings without making a String. */
    private void report(JsonParser p, ColumnType type, int slot) throws IOException {
        switch (type) {
            case INT, LONG -> stats.integer(slot, p.getLongValue());
            case DECIMAL -> stats.decimal(slot, p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
            default -> stats.string(slot, p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
        }
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
