package dev.aitoingest.job;

import java.time.Duration;

/**
 * How a file is cut into chunks (each one segment and one commit), how long one invocation may
 * run before it hands over to a continuation, how large optimize makes merged segments
 * (compressed bytes), and after how many small segments a table is optimized without asking
 * (0: never).
 */
public record ProcessingSettings(int chunkRows, long chunkBytes, Duration timeBudget, long targetSegmentBytes,
                                 int autoOptimizeSegments) {
}
