package dev.aitoingest.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Takes up the jobs that stopped: file jobs in processing whose heartbeat is older than the stall
 * timeout, and the jobs named by invocations that failed every retry. Each is resumed from its
 * checkpoint by a new invocation of the processor. Run on a schedule: on AWS an EventBridge rule
 * invokes the processor function with a sweep event; locally a timer of the process.
 */
public final class JobSweep {

    /** At most this many batches of failed invocations are read per sweep, so one sweep stays short. */
    private static final int MAX_FAILED_BATCHES = 20;

    /** What a sweep did: the jobs it resumed, how many failed invocations it read, and what it could not do. */
    public record Result(List<String> resumed, int failedInvocations, List<String> problems) {
    }

    private final JobStore jobs;
    private final ProcessingInvoker invoker;
    private final Duration stallTimeout;
    private final Clock clock;

    public JobSweep(JobStore jobs, ProcessingInvoker invoker, Duration stallTimeout, Clock clock) {
        this.jobs = jobs;
        this.invoker = invoker;
        this.stallTimeout = stallTimeout;
        this.clock = clock;
    }

    public Result sweep(FailedInvocations failed) {
        Instant now = clock.instant();
        Instant cutoff = now.minus(stallTimeout);
        List<String> resumed = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String id : jobs.stalledSince(cutoff)) {
            // the index is read eventually consistent: the job item itself decides
            FileJob job = jobs.find(id).orElse(null);
            if (job != null && job.stalledSince(cutoff)) {
                resume(job, now, resumed, problems);
            }
        }
        int read = 0;
        for (int batch = 0; batch < MAX_FAILED_BATCHES; batch++) {
            List<FailedInvocations.FailedInvocation> invocations = failed.receive();
            if (invocations.isEmpty()) {
                break;
            }
            for (FailedInvocations.FailedInvocation invocation : invocations) {
                read++;
                if (invocation.jobId().map(id -> resumeFailed(id, now, resumed, problems)).orElse(true)) {
                    failed.delete(invocation);
                }
            }
        }
        return new Result(resumed, read, problems);
    }

    /**
     * The invocation failed every retry, so nothing runs the job now, whatever its heartbeat says.
     * An id that is no file job (an optimize or delete job) is handed to the runner, which knows it.
     * False when it could not be started: the invocation stays queued for the next sweep.
     */
    private boolean resumeFailed(String id, Instant now, List<String> resumed, List<String> problems) {
        FileJob job = jobs.find(id).orElse(null);
        if (job == null) {
            return start(id, resumed, problems);
        }
        return job.phase() != JobPhase.PROCESSING || resume(job, now, resumed, problems);
    }

    private boolean resume(FileJob job, Instant now, List<String> resumed, List<String> problems) {
        // of the sweeps and triggers that saw it stalled, one resumes it; the others are done with it too
        return !jobs.resume(job.id(), job.heartbeatAt(), now) || start(job.id(), resumed, problems);
    }

    private boolean start(String id, List<String> resumed, List<String> problems) {
        try {
            invoker.startProcessing(id);
            resumed.add(id);
            return true;
        } catch (RuntimeException e) {
            // its heartbeat was just moved: the job stalls again after the timeout, and is swept again
            problems.add("job " + id + ": " + e);
            return false;
        }
    }
}
