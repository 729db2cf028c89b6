package dev.aitoingest.localrun;

import dev.aitoingest.local.LocalEmulators;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** AWS SDK clients for the local emulators, set up as the functions set up theirs (path-style, checksums only when required). */
public record EmulatorClients(S3Client s3, DynamoDbClient dynamo, S3Presigner presigner) implements AutoCloseable {

    public static EmulatorClients of(LocalEmulators emulators) {
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(emulators.accessKey(), emulators.secretKey()));
        Region region = Region.of(emulators.region());
        S3Client s3 = S3Client.builder().endpointOverride(emulators.s3Endpoint()).region(region)
                .credentialsProvider(credentials).forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(emulators.dynamoEndpoint()).region(region)
                .credentialsProvider(credentials).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        S3Presigner presigner = S3Presigner.builder().s3Client(s3).endpointOverride(emulators.s3Endpoint())
                .region(region).credentialsProvider(credentials)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build();
        return new EmulatorClients(s3, dynamo, presigner);
    }

    @Override
    public void close() {
        presigner.close();
        s3.close();
        dynamo.close();
    }
}
