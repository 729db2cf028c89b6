package dev.aitoingest.storage;

/** One immutable object of table data: its S3 key, how many rows it holds and its stored size. */
public record Segment(String key, long rows, long bytes) {
}
