package dev.aitoingest.api;

import static dev.aitoingest.api.Api.reader;
import static dev.aitoingest.api.Api.writer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.aitoingest.services.LocalStorageResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** The file upload API through the Lambda mock event server; files go to s3proxy by the presigned URL. */
@QuarkusTest
@WithTestResource(LocalStorageResource.class)
class FileUploadApiTest {

    private static byte[] gzip(String text) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    /** A plain PUT of the bytes, with no content type and no checksum: what curl -T sends. */
    private static int put(String url, byte[] body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static JsonPath pollUntilFinished(String table, String id) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            JsonPath status = reader().get("/api/v1/data/" + table + "/file/" + id).then().statusCode(200).extract().jsonPath();
            if (status.getBoolean("status.finished")) {
                return status;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + id + " did not finish in 60 s");
    }

    @Test
    void initUploadTriggerAndPollToFinished() throws Exception {
        String table = Api.createCustomers();
        JsonPath init = writer().post("/api/v1/data/" + table + "/file").then().statusCode(200)
                .body("method", equalTo("PUT")).extract().jsonPath();
        String id = init.getString("id");
        assertThat(UUID.fromString(id)).isNotNull();
        assertThat(init.getString("expires")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        reader().get("/api/v1/data/" + table + "/file/" + id).then().statusCode(200)
                .body("status.phase", equalTo("created")).body("status.finished", equalTo(false))
                .body("status.startedAt", nullValue()).body("errors.message", equalTo("Last 0 failing rows"));
        writer().post("/api/v1/data/" + table + "/file/" + id).then().statusCode(400)
                .body("message", startsWith("Nothing was uploaded"));

        StringBuilder file = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            file.append(i == 17 ? "{\"id\":\"x\",\"name\":\"bad\",\"tags\":\"t\"}" : "{\"id\":" + i + ",\"name\":\"n" + i + "\",\"tags\":\"t\"}")
                    .append('\n');
        }
        byte[] gz = gzip(file.toString());
        assertThat(put(init.getString("url"), gz)).isEqualTo(200);

        writer().post("/api/v1/data/" + table + "/file/" + id).then().statusCode(200)
                .body("id", equalTo(id)).body("status", equalTo("started"));
        JsonPath done = pollUntilFinished(table, id);
        assertThat(done.getString("status.phase")).isEqualTo("finished");
        assertThat(done.getLong("status.completedCount")).isEqualTo(499);
        assertThat(done.getLong("status.failedCount")).isEqualTo(1);
        assertThat(done.getLong("status.bytesTotal")).isEqualTo(gz.length);
        assertThat(done.getInt("status.lastSuccessfulElement.id")).isEqualTo(499);
        assertThat(done.getString("errors.message")).isEqualTo("Last 1 failing rows");
        assertThat(done.getString("errors.rows[0].id")).isEqualTo("x");
        assertThat(done.getInt("errors.details[0].line")).isEqualTo(18);
        assertThat(done.getString("errors.details[0].message")).isEqualTo("line 18, column 'id': expected Int, got String \"x\"");
        writer().post("/api/v1/data/" + table + "/file/" + id).then().statusCode(200).body("status", equalTo("finished"));
        assertThat(Api.total(table)).isEqualTo(499);
    }

    @Test
    void theUploadUrlNeedsNoKeyAndTheApiNeedsOne() throws Exception {
        String table = Api.createCustomers();
        given().post("/api/v1/data/" + table + "/file").then().statusCode(403);
        reader().post("/api/v1/data/" + table + "/file").then().statusCode(403);
        String url = writer().post("/api/v1/data/" + table + "/file").then().statusCode(200).extract().jsonPath().getString("url");
        assertThat(put(url, gzip("{\"id\":1,\"name\":\"a\",\"tags\":\"t\"}\n"))).isEqualTo(200);
        assertThat(put(url.replace("X-Amz-Signature=", "X-Amz-Signature=f"), gzip("{}"))).isEqualTo(403);
    }

    @Test
    void aJobIsCancelledWithTheReadWriteKeyAndSaysWhatStays() {
        String table = Api.createCustomers();
        String id = writer().post("/api/v1/data/" + table + "/file").then().statusCode(200).extract().path("id");
        reader().delete("/api/v1/data/" + table + "/file/" + id).then().statusCode(403);
        writer().delete("/api/v1/data/" + table + "/file/" + id).then().statusCode(200)
                .body("status.phase", equalTo("cancelled")).body("status.finished", equalTo(true))
                .body("message", equalTo("Cancelled; the 0 rows stored before stay"));
        writer().delete("/api/v1/data/" + table + "/file/" + id).then().statusCode(200)
                .body("status.phase", equalTo("cancelled")).body("message", equalTo("Cancelled; the 0 rows stored before stay"));
        writer().post("/api/v1/data/" + table + "/file/" + id).then().statusCode(200).body("status", equalTo("finished"));
    }

    @Test
    void unknownTablesAndJobsAndBadIds() {
        String table = Api.createCustomers();
        writer().post("/api/v1/data/no_such_table/file").then().statusCode(404);
        writer().post("/api/v1/data/" + table + "/file/not-a-uuid").then().statusCode(400).body("status", equalTo(400));
        writer().post("/api/v1/data/" + table + "/file/" + UUID.randomUUID()).then().statusCode(404);
        reader().get("/api/v1/data/" + table + "/file/" + UUID.randomUUID()).then().statusCode(404);
        String id = writer().post("/api/v1/data/" + table + "/file").then().extract().jsonPath().getString("id");
        String other = Api.createCustomers();
        reader().get("/api/v1/data/" + other + "/file/" + id).then().statusCode(404);
    }

    @Test
    void aFileThatIsNotGzipEndsFailedWithAClearError() throws Exception {
        String table = Api.createCustomers();
        JsonPath init = writer().post("/api/v1/data/" + table + "/file").then().extract().jsonPath();
        assertThat(put(init.getString("url"), "{\"id\":1,\"name\":\"a\",\"tags\":\"t\"}\n".getBytes(StandardCharsets.UTF_8))).isEqualTo(200);
        writer().post("/api/v1/data/" + table + "/file/" + init.getString("id")).then().statusCode(200);
        JsonPath done = pollUntilFinished(table, init.getString("id"));
        assertThat(done.getString("status.phase")).isEqualTo("failed");
        assertThat(done.getString("status.error")).isEqualTo("The file is not gzip: upload NDJSON compressed with gzip");
        Api.search("{\"from\":\"" + table + "\"}").body("hits", hasSize(0));
    }
}
