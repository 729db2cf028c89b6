package dev.aitoingest.job;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs jobs on a thread of this JVM (the local run and tests): the same processor as on AWS, each
 * continuation submitted anew as a Lambda would be invoked anew.
 */
public final class InProcessInvoker implements ProcessingInvoker, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(InProcessInvoker.class.getName());

    private static final int ATTEMPTS = 3;

    private final Supplier<FileJobProcessor> processor;
    private final Duration timeBudget;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "file-job-processor");
        t.setDaemon(true);
        return t;
    });

    /** {@code processor} is looked up on first use, so wiring may create this before the processor exists. */
    public InProcessInvoker(Supplier<FileJobProcessor> processor, Duration timeBudget) {
        this.processor = processor;
        this.timeBudget = timeBudget;
    }

    @Override
    public void startProcessing(String jobId) {
        executor.submit(() -> run(jobId));
    }

    /** Retries a failed invocation twice, as Lambda does for asynchronous invokes; each resumes at the checkpoint. */
    private void run(String jobId) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            long deadline = System.nanoTime() + timeBudget.toNanos();
            try {
                if (processor.get().process(jobId, () -> System.nanoTime() > deadline) == FileJobProcessor.Outcome.CONTINUE) {
                    startProcessing(jobId);
                }
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "processing job " + jobId + " failed (attempt " + attempt + " of " + ATTEMPTS + ")", e);
            }
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
