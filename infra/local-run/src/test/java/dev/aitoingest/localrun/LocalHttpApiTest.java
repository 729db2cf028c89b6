package dev.aitoingest.localrun;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aitoingest.Json;
import dev.aitoingest.local.KeepAliveConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The front before and after its function is ready, with a stand-in function polling the Runtime API. */
class LocalHttpApiTest {

    /** Answers every event with its own request body echoed back, as a function would over the Runtime API. */
    private static Thread echoFunction(LambdaRuntimeApi runtime) {
        Thread function = new Thread(() -> {
            HttpClient http = HttpClient.newHttpClient();
            String api = "http://" + runtime.address() + "/2018-06-01/runtime/invocation/";
            try {
                while (true) {
                    HttpResponse<byte[]> next = http.send(HttpRequest.newBuilder(URI.create(api + "next")).build(),
                            HttpResponse.BodyHandlers.ofByteArray());
                    String id = next.headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();
                    JsonNode event = Json.MAPPER.readTree(next.body());
                    byte[] answer = Json.MAPPER.writeValueAsBytes(Map.of("statusCode", 200, "body", event.path("body").asText(),
                            "isBase64Encoded", event.path("isBase64Encoded").asBoolean(), "headers", Map.of("content-type", "application/octet-stream", "transfer-encoding", "chunked")));
                    http.send(HttpRequest.newBuilder(URI.create(api + id + "/response")).POST(HttpRequest.BodyPublishers.ofByteArray(answer)).build(),
                            HttpResponse.BodyHandlers.discarding());
                }
            } catch (Exception stopped) {
                // the runtime closed at the end of the test
            }
        });
        function.setDaemon(true);
        function.start();
        return function;
    }

    @Test
    void aRequestBeforeTheFunctionIsReadyGets503WithRetryAfter() throws Exception {
        try (LocalHttpApi api = new LocalHttpApi("127.0.0.1", 0, Duration.ofMillis(300));
             KeepAliveConnection connection = new KeepAliveConnection("127.0.0.1", api.port(), Duration.ofSeconds(10))) {
            KeepAliveConnection.Answer answer = connection.send("GET", "/version", Map.of(), null);
            assertThat(answer.status()).isEqualTo(503);
            assertThat(answer.header("retry-after")).isNotBlank();
            assertThat(answer.text()).contains("starting");
        }
    }

    @Test
    void aRequestThatComesEarlyWaitsForTheFunctionAndGetsItsBytesBackExactly() throws Exception {
        byte[] notUtf8 = {(byte) 0x1f, (byte) 0x8b, (byte) 0xC3, (byte) 0x28, 0, (byte) 0xff};
        try (LambdaRuntimeApi runtime = new LambdaRuntimeApi();
             LocalHttpApi api = new LocalHttpApi("127.0.0.1", 0, Duration.ofSeconds(20));
             KeepAliveConnection connection = new KeepAliveConnection("127.0.0.1", api.port(), Duration.ofSeconds(20))) {
            CompletableFuture<KeepAliveConnection.Answer> early = CompletableFuture.supplyAsync(() -> {
                try {
                    return connection.send("POST", "/echo", Map.of("Content-Type", "application/json"), notUtf8);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(300);
            assertThat(early).isNotDone();
            echoFunction(runtime);
            api.ready(runtime);
            KeepAliveConnection.Answer answer = early.get();
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo(notUtf8);
            assertThat(answer.header("transfer-encoding")).isNull();
            assertThat(answer.header("content-length")).isEqualTo("6");
            KeepAliveConnection.Answer again = connection.send("POST", "/echo", Map.of("Content-Type", "text/plain"),
                    "é".getBytes(StandardCharsets.UTF_8));
            assertThat(again.body()).isEqualTo("é".getBytes(StandardCharsets.UTF_8));
        }
    }
}
