package dev.aitoingest.services;

import dev.aitoingest.job.FailedInvocations;
import dev.aitoingest.job.JobSweep;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Where jobs run on threads of this process (the local run and the tests), a timer of the process
 * sweeps for stalled jobs, as the schedule in template.yaml does on AWS.
 */
@Singleton
public class LocalSweepTimer {

    private static final Logger LOG = Logger.getLogger(LocalSweepTimer.class);

    private ScheduledExecutorService timer;

    void start(@Observes StartupEvent event, ServiceConfig config, JobSweep sweep) {
        if (!config.processing().mode().equals("in-process")) {
            return;
        }
        long every = config.processing().localSweepInterval().toMillis();
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "stalled-job-sweep");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(() -> run(sweep), every, every, TimeUnit.MILLISECONDS);
    }

    private static void run(JobSweep sweep) {
        try {
            JobSweep.Result result = sweep.sweep(FailedInvocations.NONE);
            if (!result.resumed().isEmpty()) {
                LOG.infof("resumed stalled jobs %s", result.resumed());
            }
            result.problems().forEach(problem -> LOG.warnf("stalled job not resumed: %s", problem));
        } catch (RuntimeException e) {
            // the next round tries again
            LOG.warn("the sweep for stalled jobs failed", e);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
