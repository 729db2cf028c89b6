package dev.aitoingest.bench;

import dev.aitoingest.ingest.TableWriter;
import dev.aitoingest.job.FileJobProcessor;
import dev.aitoingest.job.JobStore;
import dev.aitoingest.job.ProcessingSettings;
import dev.aitoingest.local.LocalEmulators;
import dev.aitoingest.localrun.EmulatorClients;
import dev.aitoingest.schema.SchemaService;
import dev.aitoingest.schema.SchemaStore;
import dev.aitoingest.storage.CheckpointStore;
import dev.aitoingest.storage.SegmentStore;
import dev.aitoingest.storage.StorageProvisioner;
import dev.aitoingest.storage.StorageSettings;
import dev.aitoingest.storage.TableCommitLog;
import dev.aitoingest.storage.TableRef;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** The service's storage and core services on the local emulators, data kept on disk under one folder. */
final class LocalStack implements AutoCloseable {

    final LocalEmulators emulators;
    final StorageSettings settings = new StorageSettings("bench", "bench-schema", "bench-log", "bench-jobs", 1);
    final S3Client s3;
    final DynamoDbClient dynamo;
    final TableCommitLog log;
    final SchemaService schemas;
    final JobStore jobs;
    final TableWriter writer;
    final S3Presigner presigner;

    private final EmulatorClients clients;

    LocalStack(Path dataDir) {
        emulators = LocalEmulators.start(new LocalEmulators.Options(dataDir, 0, 0, null));
        clients = EmulatorClients.of(emulators);
        s3 = clients.s3();
        dynamo = clients.dynamo();
        presigner = clients.presigner();
        StorageProvisioner.ensure(settings, s3, dynamo);
        log = new TableCommitLog(dynamo, settings.commitLogTable(), new CheckpointStore(s3, settings.bucket()));
        schemas = new SchemaService(new SchemaStore(dynamo, settings.schemaTable()),
                (table, stored) -> log.read(new TableRef(table, stored.generation())).rows());
        jobs = new JobStore(dynamo, settings.jobTable());
        writer = new TableWriter(schemas, new SegmentStore(s3, settings.bucket()), log, settings.segmentLevel());
    }

    FileJobProcessor processor() {
        return new FileJobProcessor(jobs, schemas, writer, s3, settings.bucket(),
                new ProcessingSettings(50_000, 32L << 20, Duration.ofMinutes(13)), settings.segmentLevel(), Clock.systemUTC());
    }

    @Override
    public void close() {
        clients.close();
        emulators.close();
    }
}
