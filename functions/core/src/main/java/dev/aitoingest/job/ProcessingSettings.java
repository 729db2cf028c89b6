package dev.aitoingest.job;

import java.time.Duration;

/**
 * How a file is cut into chunks (each one segment and one commit), how long one invocation may
 * run before it hands over to a continuation, how large optimize makes merged segments
 * (compressed bytes), after how many small segments a table is optimized without asking (0:
 * never), and after how long without a heartbeat a job in processing counts as stalled and is
 * taken up again.
 */
public record ProcessingSettings(int chunkRows, long chunkBytes, Duration timeBudget, long targetSegmentBytes,
                                 int autoOptimizeSegments, Duration stallTimeout) {

    /** What template.yaml sets: longer than Lambda's own first retry of a failed invocation (about a minute). */
    public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration MAX_HEARTBEAT_INTERVAL = Duration.ofSeconds(5);

    /** Settings with the default stall timeout (the benchmark's and most tests'). */
    public ProcessingSettings(int chunkRows, long chunkBytes, Duration timeBudget, long targetSegmentBytes, int autoOptimizeSegments) {
        this(chunkRows, chunkBytes, timeBudget, targetSegmentBytes, autoOptimizeSegments, DEFAULT_STALL_TIMEOUT);
    }

    /** How often a processor at work beats the heartbeat: every few seconds, and several times within a stall timeout. */
    public Duration heartbeatInterval() {
        Duration quarter = stallTimeout.dividedBy(4);
        return quarter.compareTo(MAX_HEARTBEAT_INTERVAL) < 0 ? quarter : MAX_HEARTBEAT_INTERVAL;
    }
}
