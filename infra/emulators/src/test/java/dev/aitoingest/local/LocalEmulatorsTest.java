package dev.aitoingest.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

class LocalEmulatorsTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void sharedInstanceIsStartedOnce() {
        assertThat(LocalEmulators.shared()).isSameAs(LocalEmulators.shared());
    }

    @Test
    void s3VerifiesSignaturesOfRequestsAndPresignedUrls() throws Exception {
        LocalEmulators emulators = LocalEmulators.shared();
        try (S3Client s3 = s3(emulators, emulators.secretKey());
             S3Presigner presigner = presigner(emulators, s3)) {
            s3.createBucket(b -> b.bucket("signed"));
            s3.putObject(b -> b.bucket("signed").key("a/b.txt"), RequestBody.fromString("hello"));
            assertThat(s3.getObjectAsBytes(b -> b.bucket("signed").key("a/b.txt")).asUtf8String())
                    .isEqualTo("hello");

            URI url = presigner.presignPutObject(p -> p
                            .signatureDuration(Duration.ofMinutes(5))
                            .putObjectRequest(o -> o.bucket("signed").key("upload.csv")))
                    .url().toURI();
            // what a browser or curl sends: no checksum, no content type, path-style on the emulator
            assertThat(url.toString())
                    .startsWith(emulators.s3Endpoint() + "/signed/upload.csv?")
                    .contains("X-Amz-SignedHeaders=host&")
                    .doesNotContainIgnoringCase("checksum");

            assertThat(put(url, "id,name\n1,a\n").statusCode()).isEqualTo(200);
            assertThat(s3.getObjectAsBytes(b -> b.bucket("signed").key("upload.csv")).asUtf8String())
                    .isEqualTo("id,name\n1,a\n");

            String signature = url.getRawQuery().replaceAll(".*X-Amz-Signature=([0-9a-f]+).*", "$1");
            String forged = signature.substring(0, signature.length() - 1)
                    + (signature.endsWith("0") ? "1" : "0");
            URI tampered = URI.create(url.toString().replace(signature, forged));
            assertThat(put(tampered, "evil").statusCode()).isEqualTo(403);
        }
        try (S3Client wrongSecret = s3(emulators, "not-the-secret")) {
            assertThatThrownBy(() -> wrongSecret.listBuckets())
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
        }
    }

    @Test
    void dynamoDbRejectsASecondConditionalPut() {
        LocalEmulators emulators = LocalEmulators.shared();
        try (DynamoDbClient dynamo = dynamo(emulators)) {
            createTable(dynamo, "conditional");
            PutItemRequest putIfAbsent = PutItemRequest.builder()
                    .tableName("conditional")
                    .item(Map.of("pk", AttributeValue.fromS("job-1"), "state", AttributeValue.fromS("NEW")))
                    .conditionExpression("attribute_not_exists(pk)")
                    .build();

            dynamo.putItem(putIfAbsent);
            assertThatThrownBy(() -> dynamo.putItem(putIfAbsent)).isInstanceOf(ConditionalCheckFailedException.class);
        }
    }

    @Test
    void persistentDataSurvivesARestart(@TempDir Path dataDir) {
        try (LocalEmulators first = LocalEmulators.start(LocalEmulators.Options.persistent(dataDir));
             S3Client s3 = s3(first, first.secretKey());
             DynamoDbClient dynamo = dynamo(first)) {
            s3.createBucket(b -> b.bucket("kept"));
            s3.putObject(b -> b.bucket("kept").key("object"), RequestBody.fromString("still here"));
            createTable(dynamo, "kept");
            dynamo.putItem(p -> p.tableName("kept").item(Map.of("pk", AttributeValue.fromS("item"))));
        }

        try (LocalEmulators second = LocalEmulators.start(LocalEmulators.Options.persistent(dataDir));
             S3Client s3 = s3(second, second.secretKey());
             DynamoDbClient dynamo = dynamo(second)) {
            assertThat(s3.getObjectAsBytes(b -> b.bucket("kept").key("object")).asUtf8String())
                    .isEqualTo("still here");
            assertThat(dynamo.getItem(g -> g.tableName("kept").key(Map.of("pk", AttributeValue.fromS("item"))))
                    .hasItem()).isTrue();
        }
    }

    @Test
    void missingDynaliteInstallationIsExplained(@TempDir Path emulatorsDir) throws IOException {
        Files.writeString(emulatorsDir.resolve("dynalite-server.js"), "");
        LocalEmulators.Options options = LocalEmulators.Options.inMemory().withEmulatorsDir(emulatorsDir);

        assertThatThrownBy(() -> LocalEmulators.start(options))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("npm ci --prefix " + emulatorsDir);
    }

    private static S3Client s3(LocalEmulators emulators, String secretKey) {
        return S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(emulators.s3Endpoint())
                .region(Region.of(emulators.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(emulators.accessKey(), secretKey)))
                .forcePathStyle(true)
                // a presigned PUT must not sign a checksum of the (empty) body nobody uploads yet
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    // The client carries the checksum setting; the presigner does not read region, credentials or endpoint from it.
    private static S3Presigner presigner(LocalEmulators emulators, S3Client s3) {
        return S3Presigner.builder()
                .s3Client(s3)
                .endpointOverride(emulators.s3Endpoint())
                .region(Region.of(emulators.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(emulators.accessKey(), emulators.secretKey())))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .build();
    }

    private static DynamoDbClient dynamo(LocalEmulators emulators) {
        return DynamoDbClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(emulators.dynamoEndpoint())
                .region(Region.of(emulators.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(emulators.accessKey(), emulators.secretKey())))
                .build();
    }

    private static void createTable(DynamoDbClient dynamo, String name) {
        dynamo.createTable(t -> t
                .tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH)));
        // dynalite runs with createTableMs=0, so no waiter is needed
        assertThat(dynamo.describeTable(d -> d.tableName(name)).table().tableStatus()).isEqualTo(TableStatus.ACTIVE);
    }

    private static HttpResponse<String> put(URI url, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(url).PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
