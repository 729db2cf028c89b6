package dev.aitoingest.services;

import dev.aitoingest.auth.AccessControl;
import dev.aitoingest.auth.KeySource;
import dev.aitoingest.auth.RefreshingApiKeys;
import dev.aitoingest.auth.ScopedKeyStore;
import dev.aitoingest.ingest.TableWriter;
import dev.aitoingest.job.FailedInvocations;
import dev.aitoingest.job.FileJobs;
import dev.aitoingest.job.JobRunner;
import dev.aitoingest.job.JobStore;
import dev.aitoingest.job.JobSweep;
import dev.aitoingest.job.OperationJobs;
import dev.aitoingest.job.ProcessingInvoker;
import dev.aitoingest.job.ProcessingSettings;
import dev.aitoingest.query.SearchService;
import dev.aitoingest.rewrite.TableRewriter;
import dev.aitoingest.schema.SchemaService;
import dev.aitoingest.storage.StorageSettings;
import dev.aitoingest.wiring.CoreComponents;
import dev.aitoingest.wiring.StorageClients;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Core, assembled once over the SDK clients Quarkus configures, and its services offered for
 * injection; shared by the API and the processor function.
 */
@Singleton
public class CoreServices {

    @Produces
    @Singleton
    StorageSettings storageSettings(ServiceConfig config) {
        ServiceConfig.Storage s = config.storage();
        return new StorageSettings(s.bucket(), s.schemaTable(), s.commitLogTable(), s.jobTable(), s.segmentLevel(),
                s.commitVersions(), s.commitHoleTimeout(), s.inlineSegmentBytes());
    }

    /** Who may do what: the two Aito keys (from Secrets Manager on AWS, from the configuration elsewhere) and the scoped keys. */
    @Produces
    @Singleton
    AccessControl accessControl(DynamoDbClient dynamo, ServiceConfig config) {
        ServiceConfig.Auth auth = config.auth();
        String keyTable = auth.keyTable().orElseThrow(() -> new IllegalStateException(
                "aito.auth.key-table (KEY_TABLE) must name the scoped keys' table"));
        Clock clock = Clock.systemUTC();
        return new AccessControl(new RefreshingApiKeys(keySource(auth), auth.refreshInterval(), clock),
                new ScopedKeyStore(dynamo, keyTable, clock), auth.scopedKeyCacheTime(), clock);
    }

    private static KeySource keySource(ServiceConfig.Auth auth) {
        if (auth.readKeySecret().isPresent() || auth.writeKeySecret().isPresent()) {
            String read = auth.readKeySecret().orElseThrow(() -> new IllegalStateException(
                    "aito.auth.read-key-secret (APIKEY_SECRET) must name the read-only key's secret too"));
            String write = auth.writeKeySecret().orElseThrow(() -> new IllegalStateException(
                    "aito.auth.write-key-secret (READ_WRITE_APIKEY_SECRET) must name the read-write key's secret too"));
            return new SecretsManagerKeySource(SecretsManagerClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build(),
                    read, write);
        }
        return KeySource.configured(auth.readKey().orElse(null), auth.writeKey().orElse(null));
    }

    @Produces
    @Singleton
    CoreComponents core(S3Client s3, DynamoDbClient dynamo, S3Presigner presigner, StorageSettings settings, ServiceConfig config) {
        ServiceConfig.Processing p = config.processing();
        // the in-process invoker runs jobs through the runner that core builds with this very invoker
        AtomicReference<JobRunner> runner = new AtomicReference<>();
        CoreComponents core = CoreComponents.assemble(new StorageClients(s3, dynamo, presigner), settings,
                new ProcessingSettings(p.chunkRows(), p.chunkBytes(), p.timeBudget(), p.optimizeTargetBytes(),
                        p.autoOptimizeSegments(), p.stallTimeout()), p.uploadUrlLifetime(),
                invoker(p, runner), Clock.systemUTC());
        runner.set(core.runner());
        return core;
    }

    private static ProcessingInvoker invoker(ServiceConfig.Processing p, AtomicReference<JobRunner> runner) {
        if (p.mode().equals("in-process")) {
            return new InProcessInvoker(runner::get);
        }
        String function = p.functionName().orElseThrow(() -> new IllegalStateException(
                "aito.processing.function-name (PROCESSOR_FUNCTION) must name the processor function"));
        return new LambdaProcessingInvoker(LambdaClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build(), function);
    }

    @Produces
    @Singleton
    SchemaService schemas(CoreComponents core) {
        return core.schemas();
    }

    @Produces
    @Singleton
    TableWriter writer(CoreComponents core) {
        return core.writer();
    }

    @Produces
    @Singleton
    SearchService search(CoreComponents core) {
        return core.search();
    }

    @Produces
    @Singleton
    JobStore jobs(CoreComponents core) {
        return core.jobs();
    }

    @Produces
    @Singleton
    FileJobs fileJobs(CoreComponents core) {
        return core.fileJobs();
    }

    @Produces
    @Singleton
    TableRewriter rewriter(CoreComponents core) {
        return core.rewriter();
    }

    @Produces
    @Singleton
    OperationJobs operations(CoreComponents core) {
        return core.operations();
    }

    @Produces
    @Singleton
    JobRunner jobRunner(CoreComponents core) {
        return core.runner();
    }

    @Produces
    @Singleton
    JobSweep jobSweep(CoreComponents core) {
        return core.sweep();
    }

    /** The processor function's failed-invocation queue when it has one (on AWS); none elsewhere. */
    @Produces
    @Singleton
    FailedInvocations failedInvocations(ServiceConfig config) {
        return config.processing().failedInvocationsQueue()
                .<FailedInvocations>map(queue -> new SqsFailedInvocations(
                        SqsClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build(), queue))
                .orElse(FailedInvocations.NONE);
    }
}
