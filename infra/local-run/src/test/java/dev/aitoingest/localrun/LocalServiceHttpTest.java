package dev.aitoingest.localrun;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aitoingest.Json;
import dev.aitoingest.local.KeepAliveConnection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The local run as a client meets it: the packaged API function behind the local HTTP API, over
 * real connections that stay open between requests.
 */
class LocalServiceHttpTest {

    private static final String READ_KEY = "local-test-read-key";
    private static final String WRITE_KEY = "local-test-write-key";
    private static final String SCHEMA = "{\"columns\":{\"id\":{\"type\":\"Int\"},\"pad\":{\"type\":\"String\"}}}";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private static LocalService service;

    @BeforeAll
    static void start() throws Exception {
        Path target = Path.of("target");
        Path log = target.resolve("local-service-test-function.log");
        Files.deleteIfExists(log);
        service = LocalService.start(new LocalService.Options(0, null, 0, 0, null, Path.of(System.getProperty("aito.api-zip")),
                target.resolve("test-function"), READ_KEY, WRITE_KEY, 2, log, Map.of()));
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static KeepAliveConnection connect() throws IOException {
        return new KeepAliveConnection("127.0.0.1", service.port(), PATIENCE);
    }

    private static KeepAliveConnection.Answer send(KeepAliveConnection connection, String method, String path, String key,
                                                   Map<String, String> headers, byte[] body) throws IOException {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("x-api-key", key);
        return connection.send(method, path, all, body);
    }

    private static String createTable(KeepAliveConnection connection, String name) throws IOException {
        KeepAliveConnection.Answer created = send(connection, "PUT", "/api/v1/schema/" + name, WRITE_KEY,
                Map.of("Content-Type", "application/json"), SCHEMA.getBytes(StandardCharsets.UTF_8));
        assertThat(created.status()).as(created.text()).isEqualTo(200);
        return name;
    }

    private static long total(KeepAliveConnection connection, String table) throws IOException {
        KeepAliveConnection.Answer answer = send(connection, "POST", "/api/v1/_search", READ_KEY, Map.of("Content-Type", "application/json"),
                ("{\"from\":\"" + table + "\",\"limit\":0}").getBytes(StandardCharsets.UTF_8));
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        return Json.MAPPER.readTree(answer.body()).path("total").asLong();
    }

    private static String rows(int from, int count, int padding) {
        StringBuilder rows = new StringBuilder();
        for (int i = from; i < from + count; i++) {
            rows.append("{\"id\":").append(i).append(",\"pad\":\"").append("x".repeat(padding)).append("\"}\n");
        }
        return rows.toString();
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    @Test
    void answersOfEverySizeEndOnOneKeptAliveConnection() throws Exception {
        try (KeepAliveConnection connection = connect()) {
            String table = createTable(connection, "sizes");
            for (int part = 0; part < 2; part++) {
                KeepAliveConnection.Answer stored = send(connection, "POST", "/api/v1/data/sizes/stream", WRITE_KEY,
                        Map.of("Content-Type", "application/x-ndjson"), rows(part * 500, 500, 4_900).getBytes(StandardCharsets.UTF_8));
                assertThat(stored.status()).as(stored.text()).isEqualTo(200);
            }
            Map<String, Integer> queries = new LinkedHashMap<>();
            queries.put("{\"from\":\"" + table + "\",\"select\":[\"id\"],\"limit\":100}", 1_000);
            queries.put("{\"from\":\"" + table + "\",\"limit\":14}", 64_000);
            queries.put("{\"from\":\"" + table + "\",\"limit\":1000}", 4_900_000);
            for (Map.Entry<String, Integer> query : queries.entrySet()) {
                KeepAliveConnection.Answer answer = send(connection, "POST", "/api/v1/_query", READ_KEY,
                        Map.of("Content-Type", "application/json"), query.getKey().getBytes(StandardCharsets.UTF_8));
                assertThat(answer.status()).as(answer.text()).isEqualTo(200);
                assertThat(answer.header("content-length")).isEqualTo(Integer.toString(answer.body().length));
                assertThat(answer.header("transfer-encoding")).isNull();
                assertThat(answer.body().length).isGreaterThan(query.getValue());
                JsonNode body = Json.MAPPER.readTree(answer.body());
                assertThat(body.path("total").asInt()).isEqualTo(1_000);
            }
        }
    }

    @Test
    void gzipBodiesArriveWholeWhateverTheirContentType() throws Exception {
        try (KeepAliveConnection connection = connect()) {
            String table = createTable(connection, "gzipped");
            Map<String, String> batchTypes = new LinkedHashMap<>();
            batchTypes.put("application/json", "batch");
            batchTypes.put("text/plain", "batch");
            batchTypes.put("application/x-ndjson", "stream");
            batchTypes.put("", "batch");
            int id = 0;
            for (Map.Entry<String, String> type : batchTypes.entrySet()) {
                String ndjson = rows(id, 3, 10);
                String payload = type.getValue().equals("stream") ? ndjson : "[" + String.join(",", ndjson.strip().split("\n")) + "]";
                Map<String, String> headers = new HashMap<>(Map.of("Content-Encoding", "gzip"));
                if (!type.getKey().isEmpty()) {
                    headers.put("Content-Type", type.getKey());
                }
                KeepAliveConnection.Answer answer = send(connection, "POST", "/api/v1/data/" + table + "/" + type.getValue(), WRITE_KEY,
                        headers, gzip(payload));
                assertThat(answer.status()).as("%s: %s", type.getKey(), answer.text()).isEqualTo(200);
                assertThat(Json.MAPPER.readTree(answer.body()).path("entries").asInt()).isEqualTo(3);
                id += 3;
            }
            assertThat(total(connection, table)).isEqualTo(id);
        }
    }

    @Test
    void invalidUtf8IsRefusedOnEveryPathAndContentType() throws Exception {
        byte[] bad = {(byte) 0xC3, (byte) 0x28};
        try (KeepAliveConnection connection = connect()) {
            String table = createTable(connection, "utf8");
            Map<String, byte[]> bodies = new LinkedHashMap<>();
            bodies.put("", concat("{\"id\":1,\"pad\":\"", bad, "\"}"));
            bodies.put("/batch", concat("[{\"id\":1,\"pad\":\"", bad, "\"}]"));
            bodies.put("/stream", concat("{\"id\":1,\"pad\":\"ok\"}\n{\"id\":2,\"pad\":\"", bad, "\"}\n"));
            for (Map.Entry<String, byte[]> body : bodies.entrySet()) {
                for (String type : List.of("application/json", "text/plain", "application/x-ndjson", "application/octet-stream", "")) {
                    if (type.equals("application/x-ndjson") && !body.getKey().equals("/stream")) {
                        continue;
                    }
                    Map<String, String> headers = type.isEmpty() ? Map.of() : Map.of("Content-Type", type);
                    KeepAliveConnection.Answer answer = send(connection, "POST", "/api/v1/data/" + table + body.getKey(), WRITE_KEY,
                            headers, body.getValue());
                    assertThat(answer.status()).as("%s with %s: %s", body.getKey(), type, answer.text()).isEqualTo(400);
                    assertThat(answer.text()).contains("UTF-8");
                }
            }
            assertThat(total(connection, table)).isZero();
        }
    }

    @Test
    void csvBodiesOverOneKeptAliveConnection() throws Exception {
        try (KeepAliveConnection connection = connect()) {
            String table = createTable(connection, "csv");
            StringBuilder csv = new StringBuilder("\uFEFFid,pad\r\n");
            for (int i = 0; i < 2_000; i++) {
                csv.append(i).append(i % 100 == 0 ? ",\"two\r\nlines, \"\"quoted\"\"\"" : ",p" + i).append("\r\n");
            }
            KeepAliveConnection.Answer stored = send(connection, "POST", "/api/v1/data/csv/batch", WRITE_KEY,
                    Map.of("Content-Type", "text/csv; charset=utf-8"), csv.toString().getBytes(StandardCharsets.UTF_8));
            assertThat(stored.status()).as(stored.text()).isEqualTo(200);
            assertThat(Json.MAPPER.readTree(stored.body()).path("entries").asInt()).isEqualTo(2_000);
            KeepAliveConnection.Answer gzipped = send(connection, "POST", "/api/v1/data/csv/stream?delimiter=%7C", WRITE_KEY,
                    Map.of("Content-Type", "text/csv", "Content-Encoding", "gzip"), gzip("id|pad\n2000|a,b\n"));
            assertThat(gzipped.status()).as(gzipped.text()).isEqualTo(200);
            // a bad record: the whole body is refused, naming the line where the record starts, and the connection goes on
            KeepAliveConnection.Answer refused = send(connection, "POST", "/api/v1/data/csv/stream", WRITE_KEY,
                    Map.of("Content-Type", "text/csv"), "id,pad\n1,\"a\nb\"\nx,c\n".getBytes(StandardCharsets.UTF_8));
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.header("content-length")).isEqualTo(Integer.toString(refused.body().length));
            JsonNode error = Json.MAPPER.readTree(refused.body());
            assertThat(error.path("message").asText()).isEqualTo("line 4, column 'id': expected Int, got String \"x\"");
            assertThat(error.path("errors").get(0).path("line").asInt()).isEqualTo(4);
            assertThat(total(connection, table)).isEqualTo(2_001);
            KeepAliveConnection.Answer quoted = send(connection, "POST", "/api/v1/_search", READ_KEY, Map.of("Content-Type", "application/json"),
                    ("{\"from\":\"csv\",\"where\":{\"id\":100}}").getBytes(StandardCharsets.UTF_8));
            assertThat(Json.MAPPER.readTree(quoted.body()).path("hits").get(0).path("pad").asText()).isEqualTo("two\r\nlines, \"quoted\"");
        }
    }

    @Test
    void deleteAndAnOptimizeJobOverOneKeptAliveConnection() throws Exception {
        try (KeepAliveConnection connection = connect()) {
            String table = createTable(connection, "rewrites");
            for (int part = 0; part < 3; part++) {
                send(connection, "POST", "/api/v1/data/rewrites/stream", WRITE_KEY, Map.of("Content-Type", "application/x-ndjson"),
                        rows(part * 10, 10, 5).getBytes(StandardCharsets.UTF_8));
            }
            Map<String, String> json = Map.of("Content-Type", "application/json");
            KeepAliveConnection.Answer deleted = send(connection, "POST", "/api/v1/data/_delete", WRITE_KEY, json,
                    ("{\"from\":\"" + table + "\",\"where\":{\"id\":{\"$gte\":25}}}").getBytes(StandardCharsets.UTF_8));
            assertThat(deleted.status()).as(deleted.text()).isEqualTo(200);
            assertThat(Json.MAPPER.readTree(deleted.body()).path("total").asInt()).isEqualTo(5);
            KeepAliveConnection.Answer job = send(connection, "POST", "/api/v1/jobs/data/" + table + "/optimize", WRITE_KEY, json,
                    "{}".getBytes(StandardCharsets.UTF_8));
            assertThat(job.status()).as(job.text()).isEqualTo(200);
            String id = Json.MAPPER.readTree(job.body()).path("id").asText();
            JsonNode status;
            int polls = 0;
            do {
                Thread.sleep(100);
                status = Json.MAPPER.readTree(send(connection, "GET", "/api/v1/jobs/" + id, READ_KEY, Map.of(), null).body());
            } while (!status.has("finishedAt") && ++polls < 100);
            assertThat(status.has("finishedAt")).isTrue();
            assertThat(send(connection, "GET", "/api/v1/jobs/" + id + "/result", READ_KEY, Map.of(), null).text()).isEqualTo("{}");
            assertThat(total(connection, table)).isEqualTo(25);
        }
    }

    private static byte[] concat(String before, byte[] middle, String after) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(before.getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes(middle);
        bytes.writeBytes(after.getBytes(StandardCharsets.UTF_8));
        return bytes.toByteArray();
    }
}
