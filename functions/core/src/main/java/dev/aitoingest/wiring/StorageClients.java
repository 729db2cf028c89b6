package dev.aitoingest.wiring;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** The AWS SDK clients core works with. */
public record StorageClients(S3Client s3, DynamoDbClient dynamo, S3Presigner presigner) implements AutoCloseable {

    /**
     * Clients for S3 and DynamoDB endpoints outside AWS (the local emulators, LocalStack), set up as
     * the functions set theirs up: path-style addressing, checksums only where an operation needs one
     * (so presigned URLs sign none).
     */
    public static StorageClients forEndpoints(URI s3Endpoint, URI dynamoEndpoint, String region, String accessKey, String secretKey) {
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
        S3Client s3 = S3Client.builder().endpointOverride(s3Endpoint).region(Region.of(region))
                .credentialsProvider(credentials).forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(dynamoEndpoint).region(Region.of(region))
                .credentialsProvider(credentials).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        S3Presigner presigner = S3Presigner.builder().s3Client(s3).endpointOverride(s3Endpoint)
                .region(Region.of(region)).credentialsProvider(credentials)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build();
        return new StorageClients(s3, dynamo, presigner);
    }

    @Override
    public void close() {
        presigner.close();
        s3.close();
        dynamo.close();
    }
}
