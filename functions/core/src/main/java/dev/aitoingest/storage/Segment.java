package dev.aitoingest.storage;

import java.util.Arrays;
import java.util.Objects;

/**
 * One immutable piece of table data: its key, how many rows it holds, its stored size, the version
 * of the table's schema its rows were validated against, and its column statistics. A small one is
 * kept inline, its compressed bytes in the commit that adds it (and in checkpoints), and has no S3
 * object; a larger one is the S3 object under its key.
 */
public record Segment(String key, long rows, long bytes, long schemaVersion, SegmentStats stats, byte[] inline) {

    /** A segment stored in S3. */
    public Segment(String key, long rows, long bytes, long schemaVersion, SegmentStats stats) {
        this(key, rows, bytes, schemaVersion, stats, null);
    }

    /** A segment without statistics, as commits made before they existed record it: it is never skipped. */
    public Segment(String key, long rows, long bytes, long schemaVersion) {
        this(key, rows, bytes, schemaVersion, SegmentStats.NONE);
    }

    public boolean isInline() {
        return inline != null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Segment s && key.equals(s.key) && rows == s.rows && bytes == s.bytes && schemaVersion == s.schemaVersion
                && stats.equals(s.stats) && Arrays.equals(inline, s.inline);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, rows, bytes, schemaVersion, stats, Arrays.hashCode(inline));
    }

    @Override
    public String toString() {
        return "Segment[" + key + ", " + rows + " rows, " + bytes + " bytes" + (isInline() ? " inline" : "") + ", schema " + schemaVersion + "]";
    }
}
