package dev.aitoingest.testing;

import dev.aitoingest.job.FileJobProcessor;
import dev.aitoingest.job.ProcessingInvoker;
import dev.aitoingest.job.ProcessingSettings;
import dev.aitoingest.local.LocalEmulators;
import dev.aitoingest.storage.CheckpointStore;
import dev.aitoingest.storage.StorageSettings;
import dev.aitoingest.storage.TableCommitLog;
import dev.aitoingest.storage.VersionAllocation;
import dev.aitoingest.wiring.CoreComponents;
import dev.aitoingest.wiring.StorageClients;
import dev.aitoingest.wiring.StorageProvisioner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Real storage for integration tests: SDK clients against the JVM's shared s3proxy and dynalite
 * (or the LocalStack whose endpoints the {@code localstack} Maven profile sets, infra/localstack),
 * with a bucket and tables of its own so tests never see each other's data.
 */
public final class TestStorage {

    public static final ProcessingSettings PROCESSING = new ProcessingSettings(50_000, 32L << 20, Duration.ofMinutes(10), 32L << 20, 0);

    public final StorageSettings settings;
    public final S3Client s3;
    public final DynamoDbClient dynamo;
    public final S3Presigner presigner;

    private TestStorage(StorageSettings settings, StorageClients clients) {
        this.settings = settings;
        this.s3 = clients.s3();
        this.dynamo = clients.dynamo();
        this.presigner = clients.presigner();
    }

    public static TestStorage fresh() {
        return fresh(StorageSettings.DEFAULT_INLINE_SEGMENT_BYTES);
    }

    /** Fresh storage where uploads keep segments of up to this many compressed bytes inline (0: every segment in S3). */
    public static TestStorage fresh(int inlineSegmentBytes) {
        StorageClients clients;
        String localStackS3 = System.getProperty("aito.test.localstack.s3-endpoint");
        if (localStackS3 != null) {
            clients = StorageClients.forEndpoints(java.net.URI.create(localStackS3),
                    java.net.URI.create(System.getProperty("aito.test.localstack.dynamodb-endpoint")),
                    System.getProperty("aito.test.localstack.region"), "test", "test");
        } else {
            LocalEmulators shared = LocalEmulators.shared();
            clients = StorageClients.forEndpoints(shared.s3Endpoint(), shared.dynamoEndpoint(), shared.region(),
                    shared.accessKey(), shared.secretKey());
        }
        String id = UUID.randomUUID().toString().substring(0, 8);
        StorageSettings settings = new StorageSettings("test-" + id, "schema-" + id, "log-" + id, "jobs-" + id, 1)
                .withInlineSegmentBytes(inlineSegmentBytes);
        StorageProvisioner.ensure(settings, clients.s3(), clients.dynamo());
        return new TestStorage(settings, clients);
    }

    /** Core over this storage, as a new process would assemble it: jobs are started nowhere. */
    public CoreComponents core() {
        return core(dynamo, PROCESSING, Duration.ofHours(1), jobId -> { });
    }

    /** Core over this storage, through the given DynamoDB client, with these settings and invoker. */
    public CoreComponents core(DynamoDbClient dynamo, ProcessingSettings processing, Duration uploadUrlLifetime,
                               ProcessingInvoker invoker) {
        return CoreComponents.assemble(new StorageClients(s3, dynamo, presigner), settings, processing, uploadUrlLifetime, invoker,
                Clock.systemUTC());
    }

    /** A processor over this storage, through {@code dynamo}, cutting chunks at {@code chunkRows} lines; jobs it hands on go to {@code invoker}. */
    public FileJobProcessor processor(int chunkRows, DynamoDbClient dynamo, ProcessingInvoker invoker) {
        return core(dynamo, new ProcessingSettings(chunkRows, 32L << 20, Duration.ofMinutes(10), 32L << 20, 0), Duration.ofHours(1),
                invoker).processor();
    }

    /** The text gzipped, as a client uploads a file. */
    public static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    public TableCommitLog commitLog() {
        return core().commitLog();
    }

    /** A commit log over this storage as a new process would have it, through the given client, its versions got this way. */
    public TableCommitLog commitLog(DynamoDbClient client, VersionAllocation versions, Duration holeTimeout) {
        return new TableCommitLog(client, settings.commitLogTable(), new CheckpointStore(s3, settings.bucket()), versions, holeTimeout);
    }

    /**
     * This storage's DynamoDB client, except that the first request {@code retried} picks lands and
     * is then sent again, as the SDK resends a request whose answer was lost: the second attempt
     * fails its own condition, and that failure is what the caller sees.
     */
    public DynamoDbClient retryingTheFirst(Predicate<Object> retried) {
        AtomicBoolean done = new AtomicBoolean();
        return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(), new Class<?>[] {DynamoDbClient.class},
                (proxy, method, args) -> {
                    if (args != null && args.length == 1 && args[0] instanceof Consumer) {
                        // the SDK's builder-style overloads build the request and call the plain method
                        return InvocationHandler.invokeDefault(proxy, method, args);
                    }
                    try {
                        Object answer = method.invoke(dynamo, args);
                        if (args != null && args.length == 1 && retried.test(args[0]) && done.compareAndSet(false, true)) {
                            method.invoke(dynamo, args);
                        }
                        return answer;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
