package dev.aitoingest.job;

/** What one processed chunk adds to a job, and the checkpoint after it. */
public record ChunkResult(long rows, long failed, long linesDone, long offset, long bytesRead, String lastSuccessfulElement) {
}
