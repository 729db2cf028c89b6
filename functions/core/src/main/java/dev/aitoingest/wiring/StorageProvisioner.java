package dev.aitoingest.wiring;

import dev.aitoingest.job.JobStore;
import dev.aitoingest.schema.SchemaStore;
import dev.aitoingest.storage.StorageSettings;
import dev.aitoingest.storage.TableCommitLog;
import dev.aitoingest.storage.TableKeys;
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
 * creates them: the local run and the tests (on AWS, template.yaml does), with the key layout each
 * store declares.
 */
public final class StorageProvisioner {

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
        createTable(dynamo, settings.schemaTable(), SchemaStore.KEYS);
        createTable(dynamo, settings.commitLogTable(), TableCommitLog.KEYS);
        createTable(dynamo, settings.jobTable(), JobStore.KEYS);
    }

    private static void createTable(DynamoDbClient dynamo, String name, TableKeys keys) {
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
