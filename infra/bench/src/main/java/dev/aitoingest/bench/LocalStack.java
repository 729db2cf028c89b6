package dev.aitoingest.bench;

import dev.aitoingest.ingest.TableWriter;
import dev.aitoingest.job.FileJobProcessor;
import dev.aitoingest.job.JobStore;
import dev.aitoingest.job.ProcessingSettings;
import dev.aitoingest.local.LocalEmulators;
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
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
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

    LocalStack(Path dataDir) {
        emulators = LocalEmulators.start(new LocalEmulators.Options(dataDir, 0, 0, null));
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(emulators.accessKey(), emulators.secretKey()));
        s3 = S3Client.builder().endpointOverride(emulators.s3Endpoint()).region(Region.of(emulators.region()))
                .credentialsProvider(credentials).forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        dynamo = DynamoDbClient.builder().endpointOverride(emulators.dynamoEndpoint()).region(Region.of(emulators.region()))
                .credentialsProvider(credentials).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        StorageProvisioner.ensure(settings, s3, dynamo);
        log = new TableCommitLog(dynamo, settings.commitLogTable(), new CheckpointStore(s3, settings.bucket()));
        schemas = new SchemaService(new SchemaStore(dynamo, settings.schemaTable()),
                (table, stored) -> log.read(new TableRef(table, stored.generation())).rows());
        jobs = new JobStore(dynamo, settings.jobTable());
        writer = new TableWriter(schemas, new SegmentStore(s3, settings.bucket()), log, settings.segmentLevel());
        presigner = S3Presigner.builder().s3Client(s3).endpointOverride(emulators.s3Endpoint())
                .region(Region.of(emulators.region())).credentialsProvider(credentials)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build();
    }

    FileJobProcessor processor() {
        return new FileJobProcessor(jobs, schemas, writer, s3, settings.bucket(),
                new ProcessingSettings(50_000, 32L << 20, Duration.ofMinutes(13)), settings.segmentLevel(), Clock.systemUTC());
    }

    @Override
    public void close() {
        presigner.close();
        s3.close();
        dynamo.close();
        emulators.close();
    }
}
