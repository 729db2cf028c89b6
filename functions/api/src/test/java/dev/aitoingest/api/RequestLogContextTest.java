package dev.aitoingest.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aitoingest.services.LocalStorageResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

/** The API function's log lines inside a request carry API Gateway's request id (the access log's) and Lambda's. */
@QuarkusTest
@WithTestResource(LocalStorageResource.class)
class RequestLogContextTest {

    @Test
    void aLogLineOfARequestCarriesItsRequestIds() throws Exception {
        List<String[]> seen = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                ExtLogRecord ext = (ExtLogRecord) record;
                seen.add(new String[] {ext.getMdc(RequestLogContext.REQUEST_ID), ext.getMdc(RequestLogContext.AWS_REQUEST_ID)});
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(LogProbeResource.class.getName());
        logger.addHandler(capture);
        try {
            String event = Files.readString(ApiEventFixturesTest.EVENTS.resolve("api-schema-get-missing-key.json"))
                    .replace("/api/v1/schema", "/api/v1/test-log-probe")
                    .replaceFirst("\"headers\": \\{", "\"headers\": {\"x-api-key\": \"" + Api.READ_KEY + "\",");
            String gatewayId = event.replaceAll("(?s).*\"requestId\": \"([^\"]+)\".*", "$1");
            assertThat(given().body(event).post("/_lambda_").then().statusCode(200).extract().jsonPath().getInt("statusCode"))
                    .isEqualTo(200);
            assertThat(seen).singleElement().satisfies(ids -> {
                assertThat(ids[0]).as("API Gateway's request id").isEqualTo(gatewayId);
                assertThat(ids[1]).as("Lambda's request id").isNotBlank();
            });
        } finally {
            logger.removeHandler(capture);
        }
    }
}
