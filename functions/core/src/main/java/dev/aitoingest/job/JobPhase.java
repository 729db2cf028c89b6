package dev.aitoingest.job;

import java.util.Locale;

/** Where a file job is: waiting for its file, waiting for the trigger, running, or done (finished, failed or cancelled). */
public enum JobPhase {
    CREATED, UPLOADED, PROCESSING, FINISHED, FAILED, CANCELLED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isDone() {
        return this == FINISHED || this == FAILED || this == CANCELLED;
    }
}
