package dev.aitoingest.api;

import dev.aitoingest.auth.AccessControl;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Reads the API keys at start-up (from SSM on AWS), so a function deployed without them, or
 * without the right to read them, fails at once, not at its first request.
 */
@Singleton
public class ApiKeysCheck {

    void requireKeys(@Observes StartupEvent event, AccessControl access) {
        // resolving the bean is the check
    }
}
