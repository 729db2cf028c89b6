package dev.aitoingest.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aitoingest.Json;
import dev.aitoingest.job.JobStore;
import dev.aitoingest.job.UploadKeys;
import dev.aitoingest.services.LocalStorageResource;
import dev.aitoingest.storage.StorageSettings;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Every API Gateway (HTTP API, payload 2.0) fixture in events/ posted as a raw Lambda event to the
 * mock event server, as {@code sam local invoke -e events/<fixture> ApiFunction} would deliver it,
 * and its answer checked. The fixtures carry the test profile's keys and run in the order below,
 * against the table {@code customers} and the fixture job their own requests create.
 */
@QuarkusTest
@WithTestResource(LocalStorageResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiEventFixturesTest {

    static final String FIXTURE_JOB = "3f1c8a52-7d4e-4b9a-9c21-6e0d5a7b8c90";
    static final Path EVENTS = Path.of(System.getProperty("maven.multiModuleProjectDirectory", "../.."), "events");

    /** What one fixture must answer: its status code and a check of its JSON body. */
    record Expected(int status, Consumer<JsonNode> body) {
    }

    /** In the order they run: the schema first, then rows, then reads of them. */
    static final Map<String, Expected> FIXTURES = new LinkedHashMap<>();

    static {
        FIXTURES.put("api-version.json", new Expected(200, body -> assertThat(body.path("version").asText()).isNotBlank()));
        FIXTURES.put("api-openapi-document.json", new Expected(200,
                body -> assertThat(body.path("paths").has("/api/v1/data/{table}/batch")).isTrue()));
        FIXTURES.put("api-schema-put-customers.json", new Expected(200,
                body -> assertThat(body.at("/columns/tags/analyzer").asText()).isEqualTo("Whitespace")));
        FIXTURES.put("api-batch-customers.json", new Expected(200, stored(3)));
        FIXTURES.put("api-stream-customers.json", new Expected(200, stored(2)));
        FIXTURES.put("api-stream-customers-gzip.json", new Expected(200, stored(2)));
        FIXTURES.put("api-search-customers.json", new Expected(200, body -> {
            assertThat(body.path("total").asInt()).isEqualTo(3);
            assertThat(body.at("/hits/0/name").asText()).isEqualTo("anne");
        }));
        FIXTURES.put("api-file-init-customers.json", new Expected(200, body -> {
            assertThat(body.path("method").asText()).isEqualTo("PUT");
            assertThat(body.path("url").asText()).contains("/uploads/customers/" + body.path("id").asText() + ".ndjson.gz");
        }));
        FIXTURES.put("api-file-trigger-customers.json", new Expected(200, body -> {
            assertThat(body.path("id").asText()).isEqualTo(FIXTURE_JOB);
            assertThat(body.path("status").asText()).isEqualTo("started");
        }));
        FIXTURES.put("api-file-status-customers.json", new Expected(200, body -> {
            assertThat(body.at("/status/phase").asText()).isIn("processing", "finished");
            assertThat(body.at("/status/bytesTotal").asLong()).isPositive();
            assertThat(body.at("/errors/message").asText()).startsWith("Last ");
        }));
        FIXTURES.put("api-batch-unknown-table.json", new Expected(404,
                body -> assertThat(body.path("message").asText()).isEqualTo("No such table: no_such_table")));
        FIXTURES.put("api-batch-invalid-row.json", new Expected(400, body -> {
            assertThat(body.at("/errors/0/row").asInt()).isEqualTo(1);
            assertThat(body.at("/errors/0/column").asText()).isEqualTo("id");
            assertThat(body.path("errorCount").asInt()).isEqualTo(1);
        }));
        FIXTURES.put("api-batch-malformed-json.json", new Expected(400, body -> assertThat(body.path("status").asInt()).isEqualTo(400)));
        FIXTURES.put("api-schema-get-missing-key.json", new Expected(403,
                body -> assertThat(body.path("message").asText()).isEqualTo("Forbidden")));
        FIXTURES.put("api-batch-read-only-key.json", new Expected(403,
                body -> assertThat(body.path("message").asText()).contains("read-write API key")));
    }

    @Inject
    JobStore jobs;

    @Inject
    S3Client s3;

    @Inject
    StorageSettings settings;

    private static Consumer<JsonNode> stored(int entries) {
        return body -> {
            assertThat(body.path("entries").asInt()).isEqualTo(entries);
            assertThat(body.path("status").asText()).isEqualTo("ok");
        };
    }

    /** The job the trigger and status fixtures name, with its file uploaded, as a client's init and PUT would leave it. */
    @BeforeAll
    void uploadTheFixtureJobsFile() throws Exception {
        jobs.create(FIXTURE_JOB, "customers", null, Instant.now());
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write("{\"id\":7,\"name\":\"harald\",\"tags\":\"london 50s\"}\n".getBytes(StandardCharsets.UTF_8));
        }
        s3.putObject(b -> b.bucket(settings.bucket()).key(UploadKeys.of("customers", FIXTURE_JOB)), RequestBody.fromBytes(gz.toByteArray()));
    }

    @Test
    void everyApiFixtureInEventsIsChecked() throws Exception {
        try (Stream<Path> files = Files.list(EVENTS)) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(name -> name.startsWith("api-")).collect(Collectors.toSet()))
                    .isEqualTo(FIXTURES.keySet());
        }
    }

    @Test
    void eachFixtureGetsItsAnswer() throws Exception {
        for (Map.Entry<String, Expected> fixture : FIXTURES.entrySet()) {
            String event = Files.readString(EVENTS.resolve(fixture.getKey()));
            JsonNode response = Json.MAPPER.readTree(given().body(event).post("/_lambda_").then().statusCode(200).extract().asByteArray());
            String body = response.path("body").asText();
            if (response.path("isBase64Encoded").asBoolean()) {
                body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
            }
            assertThat(response.path("statusCode").asInt()).as("%s: %s", fixture.getKey(), body).isEqualTo(fixture.getValue().status());
            // the body is whole: a streaming header here would be copied onto the client's connection
            assertThat(response.path("headers").has("transfer-encoding")).as(fixture.getKey()).isFalse();
            fixture.getValue().body().accept(Json.MAPPER.readTree(body));
        }
    }
}
