package dev.aitoingest.storage;

import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The key layout a store relies on in its DynamoDB table: a string partition key and an optional
 * sort key. Each store declares its own; the local provisioner and the template check read them.
 */
public record TableKeys(String partitionKey, String sortKey, ScalarAttributeType sortKeyType) {

    public static TableKeys partitionOnly(String partitionKey) {
        return new TableKeys(partitionKey, null, null);
    }
}
