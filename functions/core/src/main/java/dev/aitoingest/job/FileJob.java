package dev.aitoingest.job;

import dev.aitoingest.ingest.CsvFormat;
import java.time.Instant;

/**
 * One file upload job as stored. The checkpoint is {@code nextChunk} (the chunk to process next),
 * {@code linesDone} (physical lines before it) and {@code offset} (uncompressed bytes before it):
 * a continuation or a retry resumes exactly there, in the very object the trigger saw ({@code etag}).
 * {@code heartbeatAt} is the last sign of life of the processing (null before the trigger): a job
 * in processing whose heartbeat is older than the stall timeout is taken up again. {@code csv} is
 * the format of a CSV file, chosen at init; null for NDJSON.
 */
public record FileJob(String id, String table, String generation, JobPhase phase, Instant createdAt, Instant startedAt,
                      Instant finishedAt, long completedCount, long failedCount, long bytesTotal, long bytesRead,
                      long nextChunk, long linesDone, long offset, String lastSuccessfulElement, String error, String etag,
                      Instant heartbeatAt, CsvFormat csv) {

    /** The S3 key the job's file is uploaded to. */
    public String uploadKey() {
        return UploadKeys.of(table, id);
    }

    /** Processing, with no sign of life since {@code cutoff}. */
    public boolean stalledSince(Instant cutoff) {
        return phase == JobPhase.PROCESSING && (heartbeatAt == null || heartbeatAt.isBefore(cutoff));
    }
}
