package dev.aitoingest.services;

import dev.aitoingest.auth.ApiKeys;
import dev.aitoingest.ingest.TableWriter;
import dev.aitoingest.job.FileJobProcessor;
import dev.aitoingest.job.FileJobs;
import dev.aitoingest.job.InProcessInvoker;
import dev.aitoingest.job.JobStore;
import dev.aitoingest.job.LambdaProcessingInvoker;
import dev.aitoingest.job.ProcessingInvoker;
import dev.aitoingest.job.ProcessingSettings;
import dev.aitoingest.job.ProcessorEvents;
import dev.aitoingest.query.SearchService;
import dev.aitoingest.schema.SchemaService;
import dev.aitoingest.schema.SchemaStore;
import dev.aitoingest.storage.CheckpointStore;
import dev.aitoingest.storage.SegmentStore;
import dev.aitoingest.storage.StorageSettings;
import dev.aitoingest.storage.TableCommitLog;
import dev.aitoingest.storage.TableRef;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** Builds core's services over the SDK clients Quarkus configures; shared by the API and the processor function. */
@Singleton
public class CoreServices {

    @Produces
    @Singleton
    StorageSettings storageSettings(ServiceConfig config) {
        ServiceConfig.Storage s = config.storage();
        return new StorageSettings(s.bucket(), s.schemaTable(), s.commitLogTable(), s.jobTable(), s.segmentLevel());
    }

    @Produces
    @Singleton
    ApiKeys apiKeys(ServiceConfig config) {
        return new ApiKeys(config.auth().readKey().orElse(null), config.auth().writeKey().orElse(null));
    }

    @Produces
    @Singleton
    TableCommitLog commitLog(DynamoDbClient dynamo, S3Client s3, StorageSettings settings) {
        return new TableCommitLog(dynamo, settings.commitLogTable(), new CheckpointStore(s3, settings.bucket()));
    }

    @Produces
    @Singleton
    SegmentStore segmentStore(S3Client s3, StorageSettings settings) {
        return new SegmentStore(s3, settings.bucket());
    }

    @Produces
    @Singleton
    SchemaService schemaService(DynamoDbClient dynamo, StorageSettings settings, TableCommitLog log) {
        return new SchemaService(new SchemaStore(dynamo, settings.schemaTable()),
                (table, stored) -> log.read(new TableRef(table, stored.generation())).rows());
    }

    @Produces
    @Singleton
    TableWriter tableWriter(SchemaService schemas, SegmentStore segments, TableCommitLog log, StorageSettings settings) {
        return new TableWriter(schemas, segments, log, settings.segmentLevel());
    }

    @Produces
    @Singleton
    JobStore jobStore(DynamoDbClient dynamo, StorageSettings settings) {
        return new JobStore(dynamo, settings.jobTable());
    }

    @Produces
    @Singleton
    FileJobProcessor fileJobProcessor(JobStore jobs, SchemaService schemas, TableWriter writer, S3Client s3,
                                      StorageSettings settings, ServiceConfig config) {
        ServiceConfig.Processing p = config.processing();
        return new FileJobProcessor(jobs, schemas, writer, s3, settings.bucket(),
                new ProcessingSettings(p.chunkRows(), p.chunkBytes(), p.timeBudget()), settings.segmentLevel(), Clock.systemUTC());
    }

    @Produces
    @Singleton
    ProcessingInvoker processingInvoker(ServiceConfig config, Instance<FileJobProcessor> processor) {
        ServiceConfig.Processing p = config.processing();
        if (p.mode().equals("in-process")) {
            return new InProcessInvoker(processor::get, p.timeBudget());
        }
        String function = p.functionName().orElseThrow(() -> new IllegalStateException(
                "aito.processing.function-name (PROCESSOR_FUNCTION) must name the processor function"));
        return new LambdaProcessingInvoker(LambdaClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build(), function);
    }

    @Produces
    @Singleton
    FileJobs fileJobs(SchemaService schemas, JobStore jobs, S3Client s3, S3Presigner presigner, StorageSettings settings,
                      ServiceConfig config, ProcessingInvoker invoker) {
        return new FileJobs(schemas, jobs, s3, presigner, settings.bucket(), config.processing().uploadUrlLifetime(), invoker,
                Clock.systemUTC());
    }

    @Produces
    @Singleton
    ProcessorEvents processorEvents(JobStore jobs, FileJobProcessor processor) {
        return new ProcessorEvents(jobs, processor);
    }

    @Produces
    @Singleton
    SearchService searchService(SchemaService schemas, TableCommitLog log, SegmentStore segments) {
        return new SearchService(schemas, log, segments);
    }
}
