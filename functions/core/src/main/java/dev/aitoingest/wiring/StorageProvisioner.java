package dev.aitoingest.wiring;

import dev.aitoingest.auth.ScopedKeyStore;
import dev.aitoingest.job.JobStore;
import dev.aitoingest.schema.SchemaStore;
import dev.aitoingest.storage.StorageSettings;
import dev.aitoingest.storage.TableCommitLog;
import dev.aitoingest.storage.TableKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;

/**
 * Creates the bucket and the DynamoDB tables when they are missing. Used where nothing else
 * creates them: the local run and the tests (on AWS, template.yaml does), with the key layout each
 * store declares.
 */
public final class StorageProvisioner {

    private static final AttributeDefinition IN_PROGRESS_ATTRIBUTE = AttributeDefinition.builder()
            .attributeName(JobStore.IN_PROGRESS).attributeType(ScalarAttributeType.S).build();
    private static final AttributeDefinition HEARTBEAT_ATTRIBUTE = AttributeDefinition.builder()
            .attributeName(JobStore.HEARTBEAT_AT).attributeType(ScalarAttributeType.N).build();
    /** The jobs in progress by heartbeat (JobStore.stalledSince); template.yaml declares the same index. */
    private static final GlobalSecondaryIndex IN_PROGRESS_INDEX = GlobalSecondaryIndex.builder().indexName(JobStore.IN_PROGRESS_INDEX)
            .keySchema(KeySchemaElement.builder().attributeName(JobStore.IN_PROGRESS).keyType(KeyType.HASH).build(),
                    KeySchemaElement.builder().attributeName(JobStore.HEARTBEAT_AT).keyType(KeyType.RANGE).build())
            .projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build()).build();

    private StorageProvisioner() {
    }

    public static void ensure(StorageSettings settings, S3Client s3, DynamoDbClient dynamo) {
        try {
            s3.createBucket(b -> b.bucket(settings.bucket()));
        } catch (BucketAlreadyOwnedByYouException alreadyThere) {
            // created by an earlier run
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() != 409) {
                throw e;
            }
        }
        createTable(dynamo, settings.schemaTable(), SchemaStore.KEYS, List.of(), List.of());
        createTable(dynamo, settings.commitLogTable(), TableCommitLog.KEYS, List.of(), List.of());
        createTable(dynamo, settings.jobTable(), JobStore.KEYS, List.of(IN_PROGRESS_ATTRIBUTE, HEARTBEAT_ATTRIBUTE), List.of(IN_PROGRESS_INDEX));
        expireItems(dynamo, settings.jobTable(), "expiresAt");
    }

    /** The scoped keys' table (the API function's alone), expiring items by TTL where the emulator has it. */
    public static void ensureKeyTable(DynamoDbClient dynamo, String name) {
        createTable(dynamo, name, ScopedKeyStore.KEYS, List.of(), List.of());
        expireItems(dynamo, name, ScopedKeyStore.EXPIRES_AT);
    }

    private static void createTable(DynamoDbClient dynamo, String name, TableKeys keys, List<AttributeDefinition> indexAttributes,
                                    List<GlobalSecondaryIndex> indexes) {
        List<AttributeDefinition> attributes = new ArrayList<>(indexAttributes);
        attributes.add(AttributeDefinition.builder().attributeName(keys.partitionKey()).attributeType(ScalarAttributeType.S).build());
        if (keys.sortKey() != null) {
            attributes.add(AttributeDefinition.builder().attributeName(keys.sortKey()).attributeType(keys.sortKeyType()).build());
        }
        List<KeySchemaElement> schema = keys.sortKey() == null
                ? List.of(KeySchemaElement.builder().attributeName(keys.partitionKey()).keyType(KeyType.HASH).build())
                : List.of(KeySchemaElement.builder().attributeName(keys.partitionKey()).keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName(keys.sortKey()).keyType(KeyType.RANGE).build());
        try {
            dynamo.createTable(b -> b.tableName(name).attributeDefinitions(attributes).keySchema(schema)
                    .globalSecondaryIndexes(indexes.isEmpty() ? null : indexes).billingMode(BillingMode.PAY_PER_REQUEST));
        } catch (ResourceInUseException alreadyThere) {
            // as an earlier run left it; dynalite cannot add an index to a table (UpdateTable ignores index creation)
            return;
        }
        waitUntilActive(dynamo, name);
    }

    private static void waitUntilActive(DynamoDbClient dynamo, String name) {
        dynamo.waiter().waitUntilTableExists(b -> b.tableName(name),
                o -> o.backoffStrategy(software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy.create(Duration.ofMillis(100)))
                        .maxAttempts(300));
    }

    /**
     * Job and key items expire by TTL on {@code expiresAt}, as template.yaml sets it on AWS. dynalite has no
     * TTL (it answers UnknownOperationException): there expired items simply stay.
     */
    private static void expireItems(DynamoDbClient dynamo, String name, String attribute) {
        try {
            dynamo.updateTimeToLive(b -> b.tableName(name).timeToLiveSpecification(t -> t.attributeName(attribute).enabled(true)));
        } catch (DynamoDbException e) {
            boolean unsupported = e.awsErrorDetails() != null && "UnknownOperationException".equals(e.awsErrorDetails().errorCode());
            // enabling TTL twice (an earlier run did) is refused too, and changes nothing
            boolean alreadyOn = e.getMessage() != null && e.getMessage().contains("already enabled");
            if (!unsupported && !alreadyOn) {
                throw e;
            }
        }
    }
}
