package dev.aitoingest.services;

import dev.aitoingest.job.JobRunner;
import dev.aitoingest.job.ProcessingInvoker;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs jobs on threads of this JVM (the local run and tests): the same runner as the processor
 * function, each continuation submitted anew as a Lambda function would be invoked anew.
 */
public final class InProcessInvoker implements ProcessingInvoker, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(InProcessInvoker.class);

    private static final int ATTEMPTS = 3;

    private final Supplier<JobRunner> runner;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "file-job-processor");
        t.setDaemon(true);
        return t;
    });

    /** {@code runner} is looked up on first use: the runner itself needs this invoker for its continuations. */
    public InProcessInvoker(Supplier<JobRunner> runner) {
        this.runner = runner;
    }

    @Override
    public void startProcessing(String jobId) {
        executor.submit(() -> run(jobId));
    }

    /** Retries a failed invocation twice, as Lambda does for asynchronous invokes; each resumes at the checkpoint. */
    private void run(String jobId) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                runner.get().run(jobId, null);
                return;
            } catch (RuntimeException e) {
                LOG.warnf(e, "processing job %s failed (attempt %d of %d)", jobId, attempt, ATTEMPTS);
            }
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
