package dev.aitoingest.api;

import dev.aitoingest.auth.ApiKeys;
import dev.aitoingest.ingest.TableWriter;
import dev.aitoingest.query.SearchService;
import dev.aitoingest.schema.SchemaService;
import dev.aitoingest.schema.SchemaStore;
import dev.aitoingest.storage.SegmentStore;
import dev.aitoingest.storage.StorageSettings;
import dev.aitoingest.storage.TableCommitLog;
import dev.aitoingest.storage.TableRef;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/** Builds core's services over the SDK clients Quarkus configures. */
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
        return new ApiKeys(config.auth().readKey(), config.auth().writeKey());
    }

    @Produces
    @Singleton
    TableCommitLog commitLog(DynamoDbClient dynamo, StorageSettings settings) {
        return new TableCommitLog(dynamo, settings.commitLogTable());
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
    SearchService searchService(SchemaService schemas, TableCommitLog log, SegmentStore segments) {
        return new SearchService(schemas, log, segments);
    }
}
