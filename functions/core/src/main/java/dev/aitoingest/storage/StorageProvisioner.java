package dev.aitoingest.storage;

import dev.aitoingest.job.JobStore;
import dev.aitoingest.schema.SchemaStore;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;

/**
 * Creates the bucket and the DynamoDB tables when they are missing. Used where nothing else
 * creates them: the local run and the tests (on AWS, template.yaml does). The key schemas here
 * are the ones the storage code relies on, and the template test checks the template against them.
 */
public final class StorageProvisioner {

    /** One DynamoDB table's keys: a string partition key and an optional sort key. */
    public record KeySchema(String partitionKey, String sortKey, ScalarAttributeType sortKeyType) {
    }

    public static final KeySchema SCHEMA_KEYS = new KeySchema(SchemaStore.ID, null, null);
    public static final KeySchema COMMIT_LOG_KEYS = new KeySchema(TableCommitLog.LOG, TableCommitLog.VERSION, ScalarAttributeType.N);
    public static final KeySchema JOB_KEYS = new KeySchema(JobStore.JOB, JobStore.ITEM, ScalarAttributeType.S);

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
        createTable(dynamo, settings.schemaTable(), SCHEMA_KEYS);
        createTable(dynamo, settings.commitLogTable(), COMMIT_LOG_KEYS);
        createTable(dynamo, settings.jobTable(), JOB_KEYS);
    }

    private static void createTable(DynamoDbClient dynamo, String name, KeySchema keys) {
        List<AttributeDefinition> attributes = keys.sortKey() == null
                ? List.of(AttributeDefinition.builder().attributeName(keys.partitionKey()).attributeType(ScalarAttributeType.S).build())
                : List.of(AttributeDefinition.builder().attributeName(keys.partitionKey()).attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName(keys.sortKey()).attributeType(keys.sortKeyType()).build());
        List<KeySchemaElement> schema = keys.sortKey() == null
                ? List.of(KeySchemaElement.builder().attributeName(keys.partitionKey()).keyType(KeyType.HASH).build())
                : List.of(KeySchemaElement.builder().attributeName(keys.partitionKey()).keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName(keys.sortKey()).keyType(KeyType.RANGE).build());
        try {
            dynamo.createTable(b -> b.tableName(name).attributeDefinitions(attributes).keySchema(schema)
                    .billingMode(BillingMode.PAY_PER_REQUEST));
        } catch (ResourceInUseException alreadyThere) {
            return;
        }
        dynamo.waiter().waitUntilTableExists(b -> b.tableName(name),
                o -> o.backoffStrategy(software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy.create(Duration.ofMillis(100)))
                        .maxAttempts(300));
    }
}
