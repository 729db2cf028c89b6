package dev.aitoingest.processor;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import dev.aitoingest.Json;
import dev.aitoingest.job.FileJob;
import dev.aitoingest.job.JobPhase;
import dev.aitoingest.job.JobStore;
import dev.aitoingest.job.UploadKeys;
import dev.aitoingest.schema.SchemaService;
import dev.aitoingest.services.LocalStorageResource;
import dev.aitoingest.services.SqsFailedInvocations;
import dev.aitoingest.storage.StorageSettings;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The processor function fed events through the Lambda mock event server, among them the fixtures in events/. */
@QuarkusTest
@WithTestResource(LocalStorageResource.class)
class ProcessorHandlerTest {

    static final String FIXTURE_JOB = "3f1c8a52-7d4e-4b9a-9c21-6e0d5a7b8c90";
    static final Path EVENTS = Path.of(System.getProperty("maven.multiModuleProjectDirectory", "../.."), "events");

    /** The processor's fixtures: every one in events/ that is not an API Gateway event (api-*), each fed below. */
    static final Set<String> FIXTURES = Set.of("s3-upload-created.json", "s3-upload-created-unknown-job.json",
            "s3-other-object-created.json", "processing-request.json", "scheduled-sweep.json");

    @Inject
    JobStore jobs;

    @Inject
    SchemaService schemas;

    @Inject
    S3Client s3;

    @Inject
    StorageSettings settings;

    static String fixture(String name) throws Exception {
        return Files.readString(EVENTS.resolve(name));
    }

    private static byte[] gzip(String text) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private FileJob job(String id) {
        return jobs.find(id).orElseThrow();
    }

    @Test
    void theUploadEventFixtureRecordsTheUploadOnce() throws Exception {
        jobs.create(FIXTURE_JOB, "customers", null, Instant.now());
        given().body(fixture("s3-upload-created.json")).post().then().statusCode(200).body("uploadsRecorded", equalTo(1));
        given().body(fixture("s3-upload-created.json")).post().then().statusCode(200).body("uploadsRecorded", equalTo(0));
        assertThat(job(FIXTURE_JOB).phase()).isEqualTo(JobPhase.UPLOADED);
        assertThat(job(FIXTURE_JOB).bytesTotal()).isEqualTo(52428800);
    }

    @Test
    void everyProcessorFixtureInEventsIsFed() throws Exception {
        try (Stream<Path> files = Files.list(EVENTS)) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(name -> !name.startsWith("api-")).collect(Collectors.toSet()))
                    .isEqualTo(FIXTURES);
        }
    }

    @Test
    void anUploadOfAnUnknownJobIsIgnored() throws Exception {
        given().body(fixture("s3-upload-created-unknown-job.json")).post().then().statusCode(200).body("uploadsRecorded", equalTo(0));
    }

    @Test
    void eventsForOtherObjectsAreIgnored() throws Exception {
        given().body(fixture("s3-other-object-created.json")).post().then().statusCode(200).body("uploadsRecorded", equalTo(0));
    }

    @Test
    void aProcessingRequestRunsTheJobToTheEnd() throws Exception {
        schemas.putTable("events_rows", Json.MAPPER.readTree("{\"columns\":{\"id\":{\"type\":\"Int\"}}}"));
        String id = java.util.UUID.randomUUID().toString();
        jobs.create(id, "events_rows", null, Instant.now());
        StringBuilder file = new StringBuilder();
        for (int i = 0; i < 2500; i++) {
            file.append("{\"id\":").append(i).append("}\n");
        }
        byte[] body = gzip(file.toString());
        String etag = s3.putObject(b -> b.bucket(settings.bucket()).key(UploadKeys.of("events_rows", id)), RequestBody.fromBytes(body)).eTag();
        jobs.start(id, schemas.table("events_rows").generation(), body.length, etag, Instant.now());
        given().body("{\"jobId\":\"" + id + "\"}").post().then().statusCode(200)
                .body("jobId", equalTo(id)).body("outcome", equalTo("done"));
        assertThat(job(id).phase()).isEqualTo(JobPhase.FINISHED);
        assertThat(job(id).completedCount()).isEqualTo(2500);
    }

    @Test
    void theScheduledSweepResumesAStalledJob() throws Exception {
        schemas.putTable("swept_rows", Json.MAPPER.readTree("{\"columns\":{\"id\":{\"type\":\"Int\"}}}"));
        String id = java.util.UUID.randomUUID().toString();
        jobs.create(id, "swept_rows", null, Instant.now());
        byte[] body = gzip("{\"id\":1}\n{\"id\":2}\n");
        String etag = s3.putObject(b -> b.bucket(settings.bucket()).key(UploadKeys.of("swept_rows", id)), RequestBody.fromBytes(body)).eTag();
        // started an hour ago, and nothing has run it since
        jobs.start(id, schemas.table("swept_rows").generation(), body.length, etag, Instant.now().minus(Duration.ofHours(1)));
        given().body(fixture("scheduled-sweep.json")).post().then().statusCode(200)
                .body("resumed", hasItem(id)).body("failedInvocations", equalTo(0));
        // resumed on a thread of this JVM, as a new invocation of the processor would run it on AWS
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!job(id).phase().isDone() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(job(id).phase()).isEqualTo(JobPhase.FINISHED);
        assertThat(job(id).completedCount()).isEqualTo(2);
        given().body(fixture("scheduled-sweep.json")).post().then().statusCode(200).body("resumed", not(hasItem(id)));
    }

    @Test
    void aFailedInvocationRecordNamesItsJob() {
        assertThat(SqsFailedInvocations.jobIdOf("{\"version\":\"1.0\",\"requestContext\":{\"condition\":\"RetriesExhausted\"},"
                + "\"requestPayload\":{\"jobId\":\"" + FIXTURE_JOB + "\"},\"responsePayload\":null}")).contains(FIXTURE_JOB);
        assertThat(SqsFailedInvocations.jobIdOf("{\"requestPayload\":{\"Records\":[]}}")).isEmpty();
        assertThat(SqsFailedInvocations.jobIdOf("not json")).isEmpty();
    }

    @Test
    void theProcessingRequestFixtureParses() throws Exception {
        given().body(fixture("processing-request.json")).post().then().statusCode(200).body("jobId", equalTo(FIXTURE_JOB));
    }
}
