package dev.aitoingest.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aitoingest.testing.SettableClock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RefreshingApiKeysTest {

    private final SettableClock clock = new SettableClock();

    @Test
    void aRotatedKeyIsPickedUpOnceTheRefreshIntervalPassed() {
        AtomicReference<ApiKeys> stored = new AtomicReference<>(new ApiKeys("read-1", "write-1"));
        AtomicInteger reads = new AtomicInteger();
        RefreshingApiKeys keys = new RefreshingApiKeys(() -> {
            reads.incrementAndGet();
            return stored.get();
        }, Duration.ofMinutes(5), clock);

        stored.set(new ApiKeys("read-2", "write-2"));
        clock.advance(Duration.ofMinutes(4));
        assertThat(keys.current().callerOf("write-1")).contains(Caller.READ_WRITE);
        assertThat(reads).as("read once at start, not per request").hasValue(1);

        clock.advance(Duration.ofMinutes(1));
        assertThat(keys.current().callerOf("write-1")).isEmpty();
        assertThat(keys.current().callerOf("write-2")).contains(Caller.READ_WRITE);
        assertThat(keys.current().callerOf("read-2")).contains(Caller.READ_ONLY);
        assertThat(reads).hasValue(2);
    }

    @Test
    void aSourceThatFailsLaterKeepsTheKeysReadBefore() {
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        RefreshingApiKeys keys = new RefreshingApiKeys(() -> {
            if (failure.get() != null) {
                throw failure.get();
            }
            return new ApiKeys("read", "write");
        }, Duration.ofMinutes(5), clock);
        failure.set(new IllegalStateException("the parameter store is unreachable"));
        clock.advance(Duration.ofMinutes(10));
        assertThat(keys.current().callerOf("write")).contains(Caller.READ_WRITE);
    }

    @Test
    void aSourceThatCannotBeReadAtStartFailsAtStart() {
        assertThatThrownBy(() -> new RefreshingApiKeys(() -> {
            throw new IllegalStateException("no such parameter");
        }, Duration.ofMinutes(5), clock)).hasMessageContaining("no such parameter");
        assertThatThrownBy(() -> KeySource.configured("", "write")).hasMessageContaining("both API keys");
    }
}
