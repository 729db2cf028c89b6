package dev.aitoingest.storage;

/**
 * One immutable object of table data: its S3 key, how many rows it holds, its stored size, the
 * version of the table's schema its rows were validated against, and its column statistics.
 */
public record Segment(String key, long rows, long bytes, long schemaVersion, SegmentStats stats) {

    /** A segment without statistics, as commits made before they existed record it: it is never skipped. */
    public Segment(String key, long rows, long bytes, long schemaVersion) {
        this(key, rows, bytes, schemaVersion, SegmentStats.NONE);
    }
}
