package dev.aitoingest.storage;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a segment's commit records about its columns (Int, Long, Decimal and String ones), as
 * Delta Lake's {@code stats}: readers skip segments whose values cannot match a query. A column
 * missing here (the segment was written before statistics existed, or before the column did) has
 * no statistics: a segment is never skipped on it.
 */
public record SegmentStats(Map<String, Column> columns) {

    public static final SegmentStats NONE = new SegmentStats(Map.of());

    /**
     * {@code nulls}: rows where the column is null or missing. {@code min} and {@code max} bound the
     * other rows' values (a String bound may be a shortened prefix, or, for max, a prefix whose last
     * character was raised); either is null when there is no bound to give, including when every
     * row is null.
     */
    public record Column(long nulls, JsonNode min, JsonNode max) {
    }

    public SegmentStats {
        columns = Map.copyOf(columns);
    }

    /** The column's statistics, or null when the segment has none for it. */
    public Column column(String name) {
        return columns.get(name);
    }

    /**
     * The statistics of segments merged into one, in order: null counts add up, bounds widen. A
     * column without statistics in one of them, or without a bound where that segment had non-null
     * rows, has none in the merge.
     */
    public static SegmentStats merge(List<Segment> merged) {
        Map<String, Column> columns = new HashMap<>(merged.get(0).stats().columns());
        for (Segment segment : merged.subList(1, merged.size())) {
            Map<String, Column> next = new HashMap<>();
            columns.forEach((name, sofar) -> {
                Column other = segment.stats().column(name);
                if (other != null) {
                    next.put(name, new Column(sofar.nulls() + other.nulls(), null, null));
                }
            });
            columns = next;
        }
        Map<String, Column> bounded = new HashMap<>();
        columns.forEach((name, total) -> {
            JsonNode min = null;
            JsonNode max = null;
            for (Segment segment : merged) {
                Column column = segment.stats().column(name);
                if (column.nulls() >= segment.rows()) {
                    continue;
                }
                if (column.min() == null || column.max() == null) {
                    bounded.put(name, new Column(total.nulls(), null, null));
                    return;
                }
                min = min == null || compare(column.min(), min) < 0 ? column.min() : min;
                max = max == null || compare(column.max(), max) > 0 ? column.max() : max;
            }
            bounded.put(name, new Column(total.nulls(), min, max));
        });
        return new SegmentStats(bounded);
    }

    private static int compare(JsonNode a, JsonNode b) {
        return a.isNumber() && b.isNumber() ? a.decimalValue().compareTo(b.decimalValue()) : a.asText().compareTo(b.asText());
    }
}
