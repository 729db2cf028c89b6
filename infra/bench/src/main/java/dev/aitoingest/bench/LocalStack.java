package dev.aitoingest.bench;

import dev.aitoingest.job.JobRunner;
import dev.aitoingest.job.ProcessingSettings;
import dev.aitoingest.local.LocalEmulators;
import dev.aitoingest.storage.StorageSettings;
import dev.aitoingest.wiring.CoreComponents;
import dev.aitoingest.wiring.StorageClients;
import dev.aitoingest.wiring.StorageProvisioner;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The service's storage and core on the local emulators, data kept on disk under one folder; file
 * jobs run on a thread of this JVM.
 */
final class LocalStack implements AutoCloseable {

    /** The service's defaults (template.yaml): chunks of 250,000 rows or 32 MiB. */
    private static final ProcessingSettings PROCESSING = new ProcessingSettings(250_000, 32L << 20, Duration.ofMinutes(13), 4L << 20, 0);

    final LocalEmulators emulators;
    final StorageSettings settings = new StorageSettings("bench", "bench-schema", "bench-log", "bench-jobs", 1);
    final StorageClients clients;
    final CoreComponents core;

    private final ExecutorService jobThreads = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "bench-file-job");
        t.setDaemon(true);
        return t;
    });

    LocalStack(Path dataDir) {
        emulators = LocalEmulators.start(new LocalEmulators.Options(dataDir, 0, 0, null));
        clients = StorageClients.forEndpoints(emulators.s3Endpoint(), emulators.dynamoEndpoint(), emulators.region(),
                emulators.accessKey(), emulators.secretKey());
        StorageProvisioner.ensure(settings, clients.s3(), clients.dynamo());
        AtomicReference<JobRunner> runner = new AtomicReference<>();
        core = CoreComponents.assemble(clients, settings, PROCESSING,
                Duration.ofHours(1), jobId -> jobThreads.submit(() -> runner.get().run(jobId, null)), Clock.systemUTC());
        runner.set(core.runner());
    }

    /** Core as another process would assemble it over the same storage, its commits versioned as {@code storage} says. */
    CoreComponents process(StorageSettings storage) {
        return CoreComponents.assemble(clients, storage, PROCESSING, Duration.ofHours(1), jobId -> { }, Clock.systemUTC());
    }

    @Override
    public void close() {
        jobThreads.shutdownNow();
        clients.close();
        emulators.close();
    }
}
