package dev.aitoingest.localrun;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aitoingest.Json;
import dev.aitoingest.local.KeepAliveConnection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The local run's function killed with SIGKILL in the middle of a file job, then the local run
 * started again on the same data: nobody calls the processor by hand or triggers again, the
 * restarted function's sweep finds the stalled job and finishes it, every row stored once.
 */
class LocalRunRecoveryTest {

    private static final String READ_KEY = "recovery-read-key";
    private static final String WRITE_KEY = "recovery-write-key";
    private static final int ROWS = 400_000;
    private static final Map<String, String> FAST_RECOVERY = Map.of("STALL_TIMEOUT", "PT3S",
            "AITO_PROCESSING_LOCAL_SWEEP_INTERVAL", "PT1S", "CHUNK_ROWS", "10000");

    private final Path data = Path.of("target", "recovery-data");
    private LocalService service;

    @AfterEach
    void stop() throws IOException {
        if (service != null) {
            service.close();
        }
        try (Stream<Path> files = Files.walk(data)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Test
    void aFileJobWhoseFunctionWasKilledIsFinishedByTheRestartedLocalRunOnItsOwn() throws Exception {
        service = start();
        String id;
        try (KeepAliveConnection connection = connect()) {
            assertThat(send(connection, "PUT", "/api/v1/schema/events", WRITE_KEY,
                    "{\"columns\":{\"id\":{\"type\":\"Int\"},\"name\":{\"type\":\"String\"}}}").status()).isEqualTo(200);
            JsonNode init = Json.MAPPER.readTree(send(connection, "POST", "/api/v1/data/events/file", WRITE_KEY, null).body());
            id = init.path("id").asText();
            HttpResponse<String> put = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(init.path("url").asText()))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(file())).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
            assertThat(send(connection, "POST", "/api/v1/data/events/file/" + id, WRITE_KEY, null).status()).isEqualTo(200);
            JsonNode status;
            do {
                Thread.sleep(20);
                status = status(connection, id);
            } while (status.path("completedCount").asLong() == 0 && !status.path("finished").asBoolean());
            assertThat(status.path("finished").asBoolean()).as("the job must still be running when the function is killed").isFalse();
        }

        killFunction();
        service.close();
        service = start();

        try (KeepAliveConnection connection = connect()) {
            JsonNode status = status(connection, id);
            for (int polls = 0; !status.path("finished").asBoolean() && polls < 600; polls++) {
                Thread.sleep(100);
                status = status(connection, id);
            }
            assertThat(status.path("phase").asText()).as(status.toString()).isEqualTo("finished");
            assertThat(status.path("completedCount").asLong()).isEqualTo(ROWS);
            KeepAliveConnection.Answer found = send(connection, "POST", "/api/v1/_search", READ_KEY,
                    "{\"from\":\"events\",\"limit\":0}");
            assertThat(Json.MAPPER.readTree(found.body()).path("total").asLong()).isEqualTo(ROWS);
        }
    }

    private LocalService start() throws Exception {
        return LocalService.start(new LocalService.Options(0, data, 0, 0, null, Path.of(System.getProperty("aito.api-zip")),
                Path.of("target", "recovery-function"), READ_KEY, WRITE_KEY, 2, Path.of("target", "recovery-function.log"),
                FAST_RECOVERY));
    }

    /** SIGKILL to the function's JVM: nothing of it runs on, as when Lambda's instance dies. */
    private static void killFunction() {
        ProcessHandle function = ProcessHandle.current().children()
                .filter(child -> child.info().commandLine().orElse("").contains(FunctionRunner.class.getName()))
                .findFirst().orElseThrow();
        function.destroyForcibly();
        function.onExit().join();
    }

    private KeepAliveConnection connect() throws IOException {
        return new KeepAliveConnection("127.0.0.1", service.port(), Duration.ofSeconds(30));
    }

    private static KeepAliveConnection.Answer send(KeepAliveConnection connection, String method, String path, String key, String json)
            throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-api-key", key);
        if (json != null) {
            headers.put("Content-Type", "application/json");
        }
        return connection.send(method, path, headers, json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode status(KeepAliveConnection connection, String id) throws IOException {
        return Json.MAPPER.readTree(send(connection, "GET", "/api/v1/data/events/file/" + id, READ_KEY, null).body()).path("status");
    }

    private static byte[] file() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            for (int i = 0; i < ROWS; i++) {
                out.write(("{\"id\":" + i + ",\"name\":\"event number " + i + "\"}\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toByteArray();
    }
}
