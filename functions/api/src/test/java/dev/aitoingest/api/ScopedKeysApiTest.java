package dev.aitoingest.api;

import static dev.aitoingest.api.Api.reader;
import static dev.aitoingest.api.Api.writer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.aitoingest.services.LocalStorageResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.zip.GZIPOutputStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Scoped keys end to end through the API: created with the read-write key, they upload to their tables and do nothing else. */
@QuarkusTest
@WithTestResource(LocalStorageResource.class)
class ScopedKeysApiTest {

    private static final String ROW = "{\"id\":1,\"name\":\"anne\",\"tags\":\"london\"}";

    @Inject
    DynamoDbClient dynamo;

    @ConfigProperty(name = "aito.auth.key-table")
    String keyTable;

    private static JsonPath createKey(String table, Instant expires) {
        return writer().contentType("application/json").body("{\"tables\":[\"" + table + "\"],\"expires\":\"" + expires + "\"}")
                .post("/api/v1/keys").then().statusCode(200).extract().jsonPath();
    }

    private static RequestSpecification as(String key) {
        return given().header("x-api-key", key);
    }

    private static byte[] gzip(String text) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    @Test
    void aScopedKeyUploadsToItsTableByEveryPath() throws Exception {
        String table = Api.createCustomers();
        String key = createKey(table, Instant.now().plus(1, ChronoUnit.DAYS)).getString("key");

        as(key).contentType("application/json").body(ROW).post("/api/v1/data/" + table).then().statusCode(200);
        as(key).contentType("application/json").body("[{\"id\":2,\"name\":\"bob\",\"tags\":\"nyc\"}]")
                .post("/api/v1/data/" + table + "/batch").then().statusCode(200).body("entries", equalTo(1));
        as(key).contentType("application/x-ndjson").body("{\"id\":3,\"name\":\"cecilia\",\"tags\":\"nyc\"}\n".getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/data/" + table + "/stream").then().statusCode(200).body("entries", equalTo(1));

        JsonPath init = as(key).post("/api/v1/data/" + table + "/file").then().statusCode(200).extract().jsonPath();
        String job = init.getString("id");
        int put = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(init.getString("url")))
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(gzip("{\"id\":4,\"name\":\"david\",\"tags\":\"london\"}\n"))).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
        assertThat(put).isEqualTo(200);
        as(key).post("/api/v1/data/" + table + "/file/" + job).then().statusCode(200);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!as(key).get("/api/v1/data/" + table + "/file/" + job).then().statusCode(200).extract().jsonPath()
                .getBoolean("status.finished")) {
            assertThat(System.nanoTime()).as("the file job finishes").isLessThan(deadline);
            Thread.sleep(100);
        }
        assertThat(Api.total(table)).isEqualTo(4);
    }

    @Test
    void aScopedKeyIsRefusedEverythingElse() {
        String table = Api.createCustomers();
        String other = Api.createCustomers();
        String key = createKey(table, Instant.now().plus(1, ChronoUnit.DAYS)).getString("key");
        String othersJob = writer().post("/api/v1/data/" + table + "/file").then().statusCode(200).extract().jsonPath().getString("id");
        String json = "application/json";

        // other tables
        as(key).contentType(json).body("[" + ROW + "]").post("/api/v1/data/" + other + "/batch").then().statusCode(403)
                .body("status", equalTo(403)).body("message", containsString("may only upload to the tables [" + table + "]"));
        as(key).contentType(json).body(ROW).post("/api/v1/data/" + other).then().statusCode(403);
        as(key).contentType("application/x-ndjson").body((ROW + "\n").getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/data/" + other + "/stream").then().statusCode(403);
        as(key).post("/api/v1/data/" + other + "/file").then().statusCode(403);
        // every read
        as(key).get("/api/v1/schema").then().statusCode(403);
        as(key).get("/api/v1/schema/" + table).then().statusCode(403);
        as(key).get("/api/v1/schema/" + table + "/id").then().statusCode(403);
        as(key).contentType(json).body("{\"from\":\"" + table + "\"}").post("/api/v1/_search").then().statusCode(403);
        as(key).contentType(json).body("{\"from\":\"" + table + "\"}").post("/api/v1/_query").then().statusCode(403);
        as(key).get("/api/v1/jobs").then().statusCode(403);
        as(key).get("/api/v1/data/" + table + "/file/" + othersJob).then().statusCode(403)
                .body("message", containsString("only the file uploads it started"));
        // every schema change, delete, optimize, cancel and the keys themselves
        as(key).contentType(json).body("{\"schema\":{}}").put("/api/v1/schema").then().statusCode(403);
        as(key).delete("/api/v1/schema").then().statusCode(403);
        as(key).contentType(json).body(Api.CUSTOMERS_SCHEMA).put("/api/v1/schema/" + table).then().statusCode(403);
        as(key).delete("/api/v1/schema/" + table).then().statusCode(403);
        as(key).contentType(json).body("{\"type\":\"String\",\"nullable\":true}").put("/api/v1/schema/" + table + "/extra").then().statusCode(403);
        as(key).delete("/api/v1/schema/" + table + "/tags").then().statusCode(403);
        as(key).contentType(json).body("{\"from\":\"" + table + "\",\"where\":{}}").post("/api/v1/data/_delete").then().statusCode(403);
        as(key).contentType(json).body("{}").post("/api/v1/data/" + table + "/optimize").then().statusCode(403);
        as(key).contentType(json).body("{}").post("/api/v1/jobs/data/" + table + "/optimize").then().statusCode(403);
        as(key).post("/api/v1/data/" + table + "/file/" + othersJob).then().statusCode(403);
        as(key).delete("/api/v1/data/" + table + "/file/" + othersJob).then().statusCode(403);
        as(key).get("/api/v1/keys").then().statusCode(403);
        as(key).contentType(json).body("{\"tables\":[\"" + other + "\"],\"expires\":\"2099-01-01T00:00:00Z\"}").post("/api/v1/keys")
                .then().statusCode(403);

        writer().get("/api/v1/schema/" + table).then().statusCode(200).body("columns.tags.type", equalTo("Text"));
        assertThat(Api.total(table)).isZero();
        assertThat(Api.total(other)).isZero();
    }

    @Test
    void aScopedKeyStopsWorkingWhenRevokedOrExpired() throws Exception {
        String table = Api.createCustomers();
        JsonPath created = createKey(table, Instant.now().plus(1, ChronoUnit.DAYS));
        String key = created.getString("key");
        as(key).contentType("application/json").body(ROW).post("/api/v1/data/" + table).then().statusCode(200);
        writer().delete("/api/v1/keys/" + created.getString("id")).then().statusCode(200).body("revoked", equalTo(true));
        as(key).contentType("application/json").body(ROW).post("/api/v1/data/" + table).then().statusCode(403)
                .body("message", containsString("revoked"));
        writer().delete("/api/v1/keys/6f1d3c2a-0b7e-4c55-9d8e-2a4f5b6c7d8e").then().statusCode(404);

        String shortLived = createKey(table, Instant.now().plusSeconds(2)).getString("key");
        as(shortLived).contentType("application/json").body(ROW).post("/api/v1/data/" + table).then().statusCode(200);
        Thread.sleep(2_100);
        as(shortLived).contentType("application/json").body(ROW).post("/api/v1/data/" + table).then().statusCode(403)
                .body("message", containsString("expired"));
        assertThat(Api.total(table)).isEqualTo(2);
    }

    @Test
    void onlyTheReadWriteKeyManagesKeysAndTheKeyIsShownOnceAndStoredHashed() {
        String table = Api.createCustomers();
        reader().get("/api/v1/keys").then().statusCode(403).body("message", containsString("read-write API key"));
        given().get("/api/v1/keys").then().statusCode(403);
        reader().contentType("application/json").body("{\"tables\":[\"" + table + "\"],\"expires\":\"2099-01-01T00:00:00Z\"}")
                .post("/api/v1/keys").then().statusCode(403);
        writer().contentType("application/json").body("{\"tables\":[\"" + table + "\"]}").post("/api/v1/keys").then().statusCode(400)
                .body("message", containsString("'expires'"));

        JsonPath created = createKey(table, Instant.now().plus(1, ChronoUnit.DAYS));
        String key = created.getString("key");
        String secret = key.substring(key.lastIndexOf('_') + 1);
        assertThat(created.getList("tables")).containsExactly(table);
        String listed = writer().get("/api/v1/keys").then().statusCode(200).extract().asString();
        assertThat(listed).contains(created.getString("id")).doesNotContain(secret);
        String stored = dynamo.scan(b -> b.tableName(keyTable)).items().toString();
        assertThat(stored).contains(created.getString("id")).doesNotContain(secret).doesNotContain(key);
    }
}
