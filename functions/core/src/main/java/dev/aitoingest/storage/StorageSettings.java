package dev.aitoingest.storage;

import java.time.Duration;

/**
 * Where the service keeps its state: one bucket (uploads and table segments) and three DynamoDB
 * tables (schema, commit log, jobs), plus the zstd level of new segments and how commits get their
 * versions: {@code versions} (see {@link VersionAllocation}) and {@code holeTimeout}, how long a
 * reader waits for a claimed version to be written before it seals it as aborted.
 */
public record StorageSettings(String bucket, String schemaTable, String commitLogTable, String jobTable, int segmentLevel,
                              VersionAllocation versions, Duration holeTimeout) {

    public static final Duration DEFAULT_HOLE_TIMEOUT = Duration.ofSeconds(2);

    public StorageSettings(String bucket, String schemaTable, String commitLogTable, String jobTable, int segmentLevel) {
        this(bucket, schemaTable, commitLogTable, jobTable, segmentLevel, VersionAllocation.COUNTER, DEFAULT_HOLE_TIMEOUT);
    }

    /** The same storage, its commits versioned another way. */
    public StorageSettings withVersions(VersionAllocation allocation, Duration timeout) {
        return new StorageSettings(bucket, schemaTable, commitLogTable, jobTable, segmentLevel, allocation, timeout);
    }
}
