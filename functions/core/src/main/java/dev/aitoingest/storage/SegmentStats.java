package dev.aitoingest.storage;

import com.fasterxml.jackson.databind.JsonNode;
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
}
