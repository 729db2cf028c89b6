package dev.aitoingest.processor;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.aitoingest.Json;
import dev.aitoingest.job.FileJob;
import dev.aitoingest.job.JobPhase;
import dev.aitoingest.job.JobStore;
import dev.aitoingest.job.UploadKeys;
import dev.aitoingest.query.SearchRequest;
import dev.aitoingest.query.SearchService;
import dev.aitoingest.schema.SchemaService;
import dev.aitoingest.services.LocalStorageResource;
import dev.aitoingest.storage.StorageSettings;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** A time budget of zero: each invocation does one chunk and hands the job to a continuation. */
@QuarkusTest
@TestProfile(ContinuationTest.TinyBudget.class)
@WithTestResource(LocalStorageResource.class)
class ContinuationTest {

    public static class TinyBudget implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("aito.processing.time-budget", "PT0S", "aito.processing.chunk-rows", "100");
        }
    }

    @Inject
    JobStore jobs;

    @Inject
    SchemaService schemas;

    @Inject
    SearchService search;

    @Inject
    S3Client s3;

    @Inject
    StorageSettings settings;

    @Test
    void continuationsCarryTheJobToTheExactCount() throws Exception {
        schemas.putTable("continued", Json.MAPPER.readTree("{\"columns\":{\"id\":{\"type\":\"Int\"}}}"));
        String id = UUID.randomUUID().toString();
        jobs.create(id, "continued", null, Instant.now());
        StringBuilder file = new StringBuilder();
        for (int i = 0; i < 1234; i++) {
            file.append("{\"id\":").append(i).append("}\n");
        }
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(file.toString().getBytes(StandardCharsets.UTF_8));
        }
        String etag = s3.putObject(b -> b.bucket(settings.bucket()).key(UploadKeys.of("continued", id)),
                RequestBody.fromBytes(gz.toByteArray())).eTag();
        jobs.start(id, schemas.table("continued").generation(), gz.size(), etag, Instant.now());

        given().body("{\"jobId\":\"" + id + "\"}").post().then().statusCode(200).body("outcome", equalTo("continue"));
        long deadline = System.nanoTime() + 60_000_000_000L;
        FileJob job = jobs.find(id).orElseThrow();
        while (!job.phase().isDone() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            job = jobs.find(id).orElseThrow();
        }
        assertThat(job.phase()).isEqualTo(JobPhase.FINISHED);
        assertThat(job.nextChunk()).isEqualTo(13);
        assertThat(job.completedCount()).isEqualTo(1234);
        assertThat(search.search(SearchRequest.parse(Json.MAPPER.readTree("{\"from\":\"continued\",\"limit\":0}"))).total())
                .isEqualTo(1234);
    }
}
