package dev.aitoingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aitoingest.Json;
import dev.aitoingest.local.KeepAliveConnection;
import dev.aitoingest.services.LocalStorageResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Answers of every size through the tests' Lambda mock event server on one connection kept open,
 * as curl and Aito's SDK keep theirs: the answer event carries an exact length, never a
 * Transfer-Encoding header the front would copy onto the wire.
 */
@QuarkusTest
@WithTestResource(LocalStorageResource.class)
class KeepAliveTest {

    @Test
    void smallMediumAndLargeAnswersAllEndOnOneConnection() throws Exception {
        String table = Api.uniqueTable("sizes");
        Api.writer().contentType("application/json").body("{\"columns\":{\"id\":{\"type\":\"Int\"},\"pad\":{\"type\":\"String\"}}}")
                .put("/api/v1/schema/" + table).then().statusCode(200);
        for (int part = 0; part < 2; part++) {
            StringBuilder rows = new StringBuilder();
            for (int i = 0; i < 600; i++) {
                rows.append("{\"id\":").append(part * 600 + i).append(",\"pad\":\"").append("x".repeat(4_900)).append("\"}\n");
            }
            Api.writer().contentType("application/x-ndjson").body(rows.toString().getBytes(StandardCharsets.UTF_8))
                    .post("/api/v1/data/" + table + "/stream").then().statusCode(200);
        }
        try (KeepAliveConnection connection = new KeepAliveConnection("127.0.0.1", RestAssured.port, Duration.ofSeconds(15))) {
            for (String query : new String[] {"\"select\":[\"id\"],\"limit\":100", "\"limit\":14", "\"limit\":1000"}) {
                KeepAliveConnection.Answer answer = connection.send("POST", "/api/v1/_search",
                        Map.of("x-api-key", Api.READ_KEY, "Content-Type", "application/json"),
                        ("{\"from\":\"" + table + "\"," + query + "}").getBytes(StandardCharsets.UTF_8));
                assertThat(answer.status()).isEqualTo(200);
                assertThat(answer.header("transfer-encoding")).isNull();
                assertThat(answer.header("content-length")).isEqualTo(Integer.toString(answer.body().length));
                JsonNode body = Json.MAPPER.readTree(answer.body());
                assertThat(body.path("total").asInt()).isEqualTo(1200);
            }
            // past what a Lambda function can answer: a clear 400, on the same connection
            KeepAliveConnection.Answer tooBig = connection.send("POST", "/api/v1/_search",
                    Map.of("x-api-key", Api.READ_KEY, "Content-Type", "application/json"),
                    ("{\"from\":\"" + table + "\",\"limit\":1200}").getBytes(StandardCharsets.UTF_8));
            assertThat(tooBig.status()).isEqualTo(400);
            assertThat(tooBig.text()).contains("fewer rows with limit");
        }
    }
}
