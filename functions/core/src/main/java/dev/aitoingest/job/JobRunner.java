package dev.aitoingest.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * Runs a job for one invocation: an optimize or delete job to its end, a file job until its time
 * is up, when it hands the file job on: the one place that decides how long an invocation works
 * and that a job which must continue is started anew.
 */
public final class JobRunner {

    /** Stop this long before the platform's deadline: room to finish and commit the chunk in hand. */
    static final Duration DEADLINE_MARGIN = Duration.ofSeconds(60);

    private final FileJobProcessor processor;
    private final OperationJobs operations;
    private final ProcessingInvoker invoker;
    private final Duration timeBudget;
    private final Clock clock;

    public JobRunner(FileJobProcessor processor, OperationJobs operations, ProcessingInvoker invoker, Duration timeBudget, Clock clock) {
        this.processor = processor;
        this.operations = operations;
        this.invoker = invoker;
        this.timeBudget = timeBudget;
        this.clock = clock;
    }

    /**
     * Runs the job until it is done or its time is up, then starts its continuation.
     *
     * @param remaining the time the platform still gives this invocation (Lambda's), or null where there is no such limit
     */
    public FileJobProcessor.Outcome run(String jobId, Duration remaining) {
        if (operations.run(jobId)) {
            return FileJobProcessor.Outcome.DONE;
        }
        FileJobProcessor.Outcome outcome = processor.process(jobId, timeUp(remaining));
        if (outcome == FileJobProcessor.Outcome.CONTINUE) {
            invoker.startProcessing(jobId);
        }
        return outcome;
    }

    private BooleanSupplier timeUp(Duration remaining) {
        Duration allowed = timeBudget;
        if (remaining != null && remaining.minus(DEADLINE_MARGIN).compareTo(allowed) < 0) {
            allowed = remaining.minus(DEADLINE_MARGIN);
        }
        Instant end = clock.instant().plus(allowed.isNegative() ? Duration.ZERO : allowed);
        return () -> clock.instant().isAfter(end);
    }
}
