package dev.aitoingest.storage;

import java.time.Duration;

/**
 * Where the service keeps its state: one bucket (uploads and table segments) and three DynamoDB
 * tables (schema, commit log, jobs), plus the zstd level of new segments and how commits get their
 * versions: {@code versions} (see {@link VersionAllocation}) and {@code holeTimeout}, how long a
 * reader waits for a claimed version to be written before it seals it as aborted; and
 * {@code inlineSegmentBytes}, up to which an upload's compressed segment stays inline in its commit
 * (0: every segment is an S3 object).
 */
public record StorageSettings(String bucket, String schemaTable, String commitLogTable, String jobTable, int segmentLevel,
                              VersionAllocation versions, Duration holeTimeout, int inlineSegmentBytes) {

    public static final Duration DEFAULT_HOLE_TIMEOUT = Duration.ofSeconds(2);
    /** Below this an S3 PUT costs more than the DynamoDB write units the bytes take in the commit item. */
    public static final int DEFAULT_INLINE_SEGMENT_BYTES = 8192;
    /** A commit item holds one inline segment, its statistics and the rest of the commit within DynamoDB's 400 KB. */
    public static final int MAX_INLINE_SEGMENT_BYTES = 64 * 1024;

    public StorageSettings(String bucket, String schemaTable, String commitLogTable, String jobTable, int segmentLevel) {
        this(bucket, schemaTable, commitLogTable, jobTable, segmentLevel, VersionAllocation.COUNTER, DEFAULT_HOLE_TIMEOUT,
                DEFAULT_INLINE_SEGMENT_BYTES);
    }

    public StorageSettings {
        if (inlineSegmentBytes < 0 || inlineSegmentBytes > MAX_INLINE_SEGMENT_BYTES) {
            throw new IllegalArgumentException("inline segment bytes must be 0 to " + MAX_INLINE_SEGMENT_BYTES + ", not " + inlineSegmentBytes);
        }
    }

    /** The same storage, its commits versioned another way. */
    public StorageSettings withVersions(VersionAllocation allocation, Duration timeout) {
        return new StorageSettings(bucket, schemaTable, commitLogTable, jobTable, segmentLevel, allocation, timeout, inlineSegmentBytes);
    }

    /** The same storage, with segments inline up to another size. */
    public StorageSettings withInlineSegmentBytes(int bytes) {
        return new StorageSettings(bucket, schemaTable, commitLogTable, jobTable, segmentLevel, versions, holeTimeout, bytes);
    }
}
