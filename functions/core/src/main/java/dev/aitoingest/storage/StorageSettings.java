package dev.aitoingest.storage;

/**
 * Where the service keeps its state: one bucket (uploads and table segments) and three DynamoDB
 * tables (schema, commit log, jobs), plus the zstd level of new segments.
 */
public record StorageSettings(String bucket, String schemaTable, String commitLogTable, String jobTable, int segmentLevel) {
}
