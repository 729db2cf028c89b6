package dev.aitoingest.job;

import java.time.Duration;

/**
 * How a file is cut into chunks (each one segment and one commit) and how long one invocation may
 * run before it hands over to a continuation.
 */
public record ProcessingSettings(int chunkRows, long chunkBytes, Duration timeBudget) {
}
