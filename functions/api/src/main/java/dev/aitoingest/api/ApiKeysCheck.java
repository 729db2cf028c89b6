package dev.aitoingest.api;

import dev.aitoingest.auth.ApiKeys;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/** Builds the API keys at start-up, so a function deployed without them fails at once, not at its first request. */
@Singleton
public class ApiKeysCheck {

    void requireKeys(@Observes StartupEvent event, ApiKeys keys) {
        // resolving the bean is the check
    }
}
