package dev.aitoingest.storage;

/**
 * One immutable object of table data: its S3 key, how many rows it holds, its stored size, and the
 * version of the table's schema its rows were validated against.
 */
public record Segment(String key, long rows, long bytes, long schemaVersion) {
}
