package dev.aitoingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aitoingest.services.LocalStorageResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** The requests SnapStart priming sends before a snapshot get their answers without storage or AWS. */
@QuarkusTest
@WithTestResource(LocalStorageResource.class)
class SnapStartPrimingTest {

    @Inject
    SnapStartPriming priming;

    @Test
    void primingRunsTheHttpPathAndBuildsTheClients() {
        assertThat(priming.prime()).containsExactly(200, 403, 200);
    }
}
