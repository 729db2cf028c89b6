package dev.aitoingest.testing;

import dev.aitoingest.local.LocalEmulators;
import dev.aitoingest.schema.SchemaService;
import dev.aitoingest.schema.SchemaStore;
import dev.aitoingest.storage.CheckpointStore;
import dev.aitoingest.storage.SegmentStore;
import dev.aitoingest.storage.StorageProvisioner;
import dev.aitoingest.storage.StorageSettings;
import dev.aitoingest.storage.TableCommitLog;
import dev.aitoingest.storage.TableRef;
import java.net.URI;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Real storage for integration tests: SDK clients against the JVM's shared s3proxy and dynalite,
 * with a bucket and tables of its own so tests never see each other's data.
 */
public final class TestStorage {

    public final StorageSettings settings;
    public final S3Client s3;
    public final DynamoDbClient dynamo;
    public final S3Presigner presigner;

    private TestStorage(StorageSettings settings, S3Client s3, DynamoDbClient dynamo, S3Presigner presigner) {
        this.settings = settings;
        this.s3 = s3;
        this.dynamo = dynamo;
        this.presigner = presigner;
    }

    public static TestStorage fresh() {
        Endpoints emulators = Endpoints.current();
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(emulators.accessKey(), emulators.secretKey()));
        S3Client s3 = S3Client.builder().endpointOverride(emulators.s3Endpoint()).region(Region.of(emulators.region()))
                .credentialsProvider(credentials).forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(emulators.dynamoEndpoint())
                .region(Region.of(emulators.region())).credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        S3Presigner presigner = S3Presigner.builder().s3Client(s3).endpointOverride(emulators.s3Endpoint())
                .region(Region.of(emulators.region())).credentialsProvider(credentials)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build();
        String id = UUID.randomUUID().toString().substring(0, 8);
        StorageSettings settings = new StorageSettings("test-" + id, "schema-" + id, "log-" + id, "jobs-" + id, 1);
        StorageProvisioner.ensure(settings, s3, dynamo);
        return new TestStorage(settings, s3, dynamo, presigner);
    }

    /**
     * Where the storage runs: the JVM's shared s3proxy and dynalite, or the LocalStack whose endpoints
     * the {@code localstack} Maven profile sets (infra/localstack).
     */
    private record Endpoints(URI s3Endpoint, URI dynamoEndpoint, String region, String accessKey, String secretKey) {

        static Endpoints current() {
            String localStackS3 = System.getProperty("aito.test.localstack.s3-endpoint");
            if (localStackS3 != null) {
                return new Endpoints(URI.create(localStackS3), URI.create(System.getProperty("aito.test.localstack.dynamodb-endpoint")),
                        System.getProperty("aito.test.localstack.region"), "test", "test");
            }
            LocalEmulators shared = LocalEmulators.shared();
            return new Endpoints(shared.s3Endpoint(), shared.dynamoEndpoint(), shared.region(), shared.accessKey(), shared.secretKey());
        }
    }

    public TableCommitLog commitLog() {
        return new TableCommitLog(dynamo, settings.commitLogTable(), checkpoints());
    }

    public CheckpointStore checkpoints() {
        return new CheckpointStore(s3, settings.bucket());
    }

    public SegmentStore segments() {
        return new SegmentStore(s3, settings.bucket());
    }

    public SchemaService schemas(TableCommitLog log) {
        return new SchemaService(new SchemaStore(dynamo, settings.schemaTable()),
                (table, stored) -> log.read(new TableRef(table, stored.generation())).rows());
    }
}
