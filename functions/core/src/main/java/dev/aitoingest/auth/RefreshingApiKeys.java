package dev.aitoingest.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The two Aito keys, read once when the process starts and again when they are older than the
 * refresh interval. A source that fails after the first read keeps the keys it gave last: a brief
 * outage of the secret store does not lock clients out.
 */
public final class RefreshingApiKeys {

    // core has no logging library; the JDK's logger reaches the functions' log handlers
    private static final System.Logger LOG = System.getLogger(RefreshingApiKeys.class.getName());

    private final KeySource source;
    private final Duration refreshInterval;
    private final Clock clock;
    private volatile Snapshot current;

    private record Snapshot(ApiKeys keys, Instant readAt) {
    }

    /** Reads the keys at once: a function that cannot read them fails at start-up, not at its first request. */
    public RefreshingApiKeys(KeySource source, Duration refreshInterval, Clock clock) {
        this.source = source;
        this.refreshInterval = refreshInterval;
        this.clock = clock;
        this.current = new Snapshot(source.fetch(), clock.instant());
    }

    public ApiKeys current() {
        Snapshot snapshot = current;
        Instant now = clock.instant();
        if (Duration.between(snapshot.readAt(), now).compareTo(refreshInterval) < 0) {
            return snapshot.keys();
        }
        synchronized (this) {
            if (current != snapshot) {
                return current.keys();
            }
            try {
                current = new Snapshot(source.fetch(), now);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "could not read the API keys again; the keys read before stay in use", e);
                current = new Snapshot(snapshot.keys(), now);
            }
            return current.keys();
        }
    }
}
