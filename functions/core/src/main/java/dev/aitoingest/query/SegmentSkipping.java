package dev.aitoingest.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aitoingest.schema.ColumnSchema;
import dev.aitoingest.schema.ColumnType;
import dev.aitoingest.schema.StoredTable;
import dev.aitoingest.storage.Segment;
import dev.aitoingest.storage.SegmentStats;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Which segments a {@code where} needs: a segment is skipped only when its column statistics show
 * that none of its rows can match, by the same comparisons {@link RowFilter} makes ({@link Values}).
 * Decided are equality and {@code $gt $gte $lt $lte $startsWith} on Int, Long, Decimal and String
 * columns, within {@code $and}, and {@code $or} when every branch is; anything else, {@code $not}
 * included, keeps the segment. Compiled after {@link RowFilter}, so the query is known to be well formed.
 */
final class SegmentSkipping {

    private SegmentSkipping() {
    }

    /** True for a segment that may hold a row the {@code where} matches. */
    static Predicate<Segment> compile(JsonNode where, StoredTable table) {
        if (where == null || !where.isObject()) {
            return segment -> true;
        }
        List<Predicate<Segment>> all = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = where.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode value = entry.getValue();
            switch (entry.getKey()) {
                case "$and" -> all.add(combine(value, table, true));
                case "$or" -> all.add(combine(value, table, false));
                case "$not" -> {
                    // a segment whose rows all match the inner condition is not known: keep it
                }
                default -> all.add(column(entry.getKey(), value, table));
            }
        }
        return segment -> all.stream().allMatch(p -> p.test(segment));
    }

    private static Predicate<Segment> combine(JsonNode parts, StoredTable table, boolean and) {
        List<Predicate<Segment>> compiled = new ArrayList<>();
        parts.forEach(part -> compiled.add(compile(part, table)));
        return and ? segment -> compiled.stream().allMatch(p -> p.test(segment))
                : segment -> compiled.stream().anyMatch(p -> p.test(segment));
    }

    private static Predicate<Segment> column(String name, JsonNode condition, StoredTable table) {
        ColumnSchema column = table.schema().column(name);
        if (column == null || !hasStats(column.type())) {
            return segment -> true;
        }
        ColumnType type = column.type();
        if (!condition.isObject()) {
            return segment -> {
                SegmentStats.Column stats = usable(segment, name, type, table);
                return stats == null || mayEqual(stats, segment.rows(), condition, type);
            };
        }
        List<Map.Entry<String, JsonNode>> operators = new ArrayList<>();
        condition.fields().forEachRemaining(operators::add);
        return segment -> {
            SegmentStats.Column stats = usable(segment, name, type, table);
            if (stats == null) {
                return true;
            }
            for (Map.Entry<String, JsonNode> op : operators) {
                if (!mayHold(stats, segment.rows(), op.getKey(), op.getValue(), type)) {
                    return false;
                }
            }
            return true;
        };
    }

    private static boolean hasStats(ColumnType type) {
        return type == ColumnType.INT || type == ColumnType.LONG || type == ColumnType.DECIMAL || type == ColumnType.STRING;
    }

    /**
     * The segment's statistics of the column, or null when they cannot speak for the rows as read:
     * none recorded, the column was dropped since (a later column of that name is another column),
     * or its rows were validated before the column came and read it with the fill value.
     */
    private static SegmentStats.Column usable(Segment segment, String name, ColumnType type, StoredTable table) {
        StoredTable.Fill fill = table.fills().get(name);
        if (table.dropped().contains(name) || fill != null && fill.since() > segment.schemaVersion()) {
            return null;
        }
        SegmentStats.Column stats = segment.stats().column(name);
        if (stats == null || !sameKind(stats.min(), type) || !sameKind(stats.max(), type)) {
            return null;
        }
        return stats;
    }

    /** True when the value is of the column's kind (a number for a numeric column, a string for String), or absent. */
    private static boolean sameKind(JsonNode value, ColumnType type) {
        return value == null || (type == ColumnType.STRING ? value.isTextual() : value.isNumber());
    }

    /** Equality with a value: null matches null and missing values; a value of another kind is not decided. */
    private static boolean mayEqual(SegmentStats.Column stats, long rows, JsonNode value, ColumnType type) {
        if (value.isNull()) {
            return stats.nulls() > 0;
        }
        if (!sameKind(value, type)) {
            return true;
        }
        return rows > stats.nulls() && atMost(stats.min(), value) && atMost(value, stats.max());
    }

    /** One operator on a non-null value; an operand of another kind than the column is not decided. */
    private static boolean mayHold(SegmentStats.Column stats, long rows, String operator, JsonNode operand, ColumnType type) {
        boolean decided = switch (operator) {
            case "$gt", "$gte", "$lt", "$lte" -> sameKind(operand, type);
            case "$startsWith" -> type == ColumnType.STRING;
            default -> false;
        };
        if (!decided) {
            return true;
        }
        if (rows <= stats.nulls()) {
            return false;
        }
        JsonNode min = stats.min();
        JsonNode max = stats.max();
        return switch (operator) {
            case "$gt" -> max == null || Values.compare(max, operand) > 0;
            case "$gte" -> max == null || Values.compare(max, operand) >= 0;
            case "$lt" -> min == null || Values.compare(min, operand) < 0;
            case "$lte" -> min == null || Values.compare(min, operand) <= 0;
            // strings starting with p sort from p up to before the first string above p that does not start with it
            default -> (max == null || Values.compare(max, operand) >= 0)
                    && (min == null || min.textValue().startsWith(operand.textValue()) || Values.compare(min, operand) <= 0);
        };
    }

    /** {@code a <= b}, where a missing bound allows anything. */
    private static boolean atMost(JsonNode a, JsonNode b) {
        return a == null || b == null || Values.compare(a, b) <= 0;
    }
}
