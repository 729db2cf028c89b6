package dev.aitoingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aitoingest.localrun.LocalService;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every command against the packaged API function behind the local HTTP API, as a user runs the tool. */
class CliAgainstLocalServiceTest {

    private static final String READ_KEY = "cli-test-read-key";
    private static final String WRITE_KEY = "cli-test-write-key";
    private static final String PRODUCTS = "{\"columns\":{\"id\":{\"type\":\"Int\"},\"name\":{\"type\":\"String\"},"
            + "\"price\":{\"type\":\"Decimal\",\"nullable\":true},\"tags\":{\"type\":\"Json\",\"nullable\":true}}}";

    private static LocalService service;
    private static String url;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        Path target = Path.of("target");
        service = LocalService.start(new LocalService.Options(0, null, 0, 0, null, Path.of(System.getProperty("aito.api-zip")),
                target.resolve("cli-test-function"), READ_KEY, WRITE_KEY, 2, target.resolve("cli-test-function.log"), Map.of()));
        url = "http://127.0.0.1:" + service.port();
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static Map<String, String> env(String key) {
        return Map.of(ConnectionOptions.URL_VARIABLE, url, ConnectionOptions.KEY_VARIABLE, key);
    }

    private static CliRun write(String... args) {
        return CliRun.run(env(WRITE_KEY), args);
    }

    private static CliRun read(String... args) {
        return CliRun.run(env(READ_KEY), args);
    }

    private static void assertOk(CliRun run) {
        assertThat(run.exit()).as(run.toString()).isZero();
    }

    private void createProducts(String table) throws IOException {
        Path schema = dir.resolve(table + "-schema.json");
        Files.writeString(schema, PRODUCTS);
        assertOk(write("schema", "put", table, schema.toString()));
    }

    private static List<JsonNode> rows(String table, String... options) throws IOException {
        List<String> args = new ArrayList<>(List.of("query", table, "--limit", "1000000"));
        args.addAll(List.of(options));
        CliRun run = read(args.toArray(String[]::new));
        assertOk(run);
        List<JsonNode> rows = new ArrayList<>();
        for (String line : run.out().split("\n")) {
            if (!line.isEmpty()) {
                rows.add(ApiClient.JSON.readTree(line));
            }
        }
        return rows;
    }

    private static long total(String table) {
        CliRun run = read("query", table, "--limit", "0");
        assertOk(run);
        Matcher total = Pattern.compile("0 of (\\d+) rows").matcher(run.err());
        assertThat(total.find()).as(run.err()).isTrue();
        return Long.parseLong(total.group(1));
    }

    private static void assertOneLineError(CliRun run, String message) {
        assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCode.FAILED);
        assertThat(run.err()).isEqualTo("aito-ingest: " + message + System.lineSeparator());
    }

    @Test
    void anInferredSchemaIsPutAndReadBack() throws IOException {
        Path csv = dir.resolve("people.csv");
        Files.writeString(csv, "id,name,bio,score\n1,Ann,likes long walks on the beach,\n2,Bob,collects old maps and stamps,2.5\n");
        CliRun inferred = CliRun.run(Map.of(), "infer-schema", csv.toString());
        assertOk(inferred);
        Path schema = dir.resolve("people.json");
        Files.writeString(schema, inferred.out());

        assertOk(write("schema", "put", "people", schema.toString()));
        CliRun got = read("schema", "get", "people");
        assertOk(got);
        JsonNode columns = ApiClient.JSON.readTree(got.out()).path("columns");
        assertThat(columns.path("bio").path("type").asText()).isEqualTo("Text");
        assertThat(columns.path("score").path("type").asText()).isEqualTo("Decimal");
        assertThat(columns.path("score").path("nullable").asBoolean()).isTrue();
        assertThat(columns.path("id").path("nullable").asBoolean()).isFalse();
        CliRun all = read("schema", "get");
        assertOk(all);
        assertThat(ApiClient.JSON.readTree(all.out()).path("schema").has("people")).isTrue();

        assertOk(write("upload", "--table", "people", csv.toString()));
        assertOneLineError(write("schema", "put", "people", schema.toString()), "Table people exists: --replace replaces it and drops its rows");
        assertThat(total("people")).isEqualTo(2);
        assertOk(write("schema", "put", "--replace", "people", schema.toString()));
        assertThat(total("people")).isZero();
    }

    @Test
    void smallFilesGoInOneRequestAndReadBackAsNdjson() throws IOException {
        createProducts("small");
        Path ndjson = dir.resolve("a.ndjson");
        Files.writeString(ndjson, "{\"id\":1,\"name\":\"chair\",\"price\":10.5}\n{\"id\":2,\"name\":\"table\",\"tags\":[\"oak\"]}\n");
        Path array = dir.resolve("b.json");
        Files.writeString(array, "[{\"id\":3,\"name\":\"lamp\",\"price\":3}]");
        Path csv = dir.resolve("c.csv.gz");
        try (Writer out = new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(csv)), StandardCharsets.UTF_8)) {
            out.write("id,name,price,tags\n4,\"rug, red\",,\"{\"\"size\"\":2}\"\n");
        }
        Path tsv = dir.resolve("d.tsv");
        Files.writeString(tsv, "id\tname\n5\tshelf\n");

        CliRun upload = write("upload", "--table", "small", ndjson.toString(), array.toString(), csv.toString(), tsv.toString());
        assertOk(upload);
        assertThat(upload.out()).isEqualTo(String.join(System.lineSeparator(), "a.ndjson: 2 rows stored (stream)",
                "b.json: 1 rows stored (batch)", "c.csv.gz: 1 rows stored (stream)", "d.tsv: 1 rows stored (stream)", ""));

        assertThat(rows("small")).extracting(JsonNode::toString).containsExactly(
                "{\"id\":1,\"name\":\"chair\",\"price\":10.5}", "{\"id\":2,\"name\":\"table\",\"tags\":[\"oak\"]}",
                "{\"id\":3,\"name\":\"lamp\",\"price\":3}", "{\"id\":4,\"name\":\"rug, red\",\"price\":null,\"tags\":{\"size\":2}}",
                "{\"id\":5,\"name\":\"shelf\"}");
        assertThat(rows("small", "--where", "{\"price\":{\"$gt\":5}}")).extracting(row -> row.path("id").asInt()).containsExactly(1);
        CliRun page = read("query", "small", "--offset", "1", "--limit", "2");
        assertOk(page);
        assertThat(page.out().lines()).hasSize(2).first().asString().contains("\"id\":2");
        assertThat(page.err()).contains("2 of 5 rows");
    }

    @Test
    void aSmallFileWithABadRowStoresNothingUnlessMaxErrorsAllowsIt() throws IOException {
        createProducts("strict");
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "id,name,price\n1,a,1\nx,b,2\n3,c,3\n");

        CliRun refused = write("upload", "--table", "strict", csv.toString());
        assertThat(refused.exit()).as(refused.toString()).isEqualTo(ExitCode.ROWS_FAILED);
        assertThat(refused.out()).contains("bad.csv: nothing stored, the upload is all or nothing")
                .contains("line 3, column 'id': expected Int, got String \"x\"");
        assertThat(total("strict")).isZero();

        CliRun tolerated = write("upload", "--table", "strict", "--max-errors", "1", csv.toString());
        assertOk(tolerated);
        assertThat(tolerated.out()).contains("within --max-errors 1: uploading through the file API")
                .contains("bad.csv: 2 rows stored, 1 failed").contains("line 3, column 'id'").contains("x,b,2");
        assertThat(total("strict")).isEqualTo(2);

        Path array = dir.resolve("bad.json");
        Files.writeString(array, "[{\"id\":4,\"name\":\"d\"},\n {\"id\":5,\"name\":\"e\",\"price\":\"5\"}]");
        CliRun viaFileApi = write("upload", "--table", "strict", "--file-api-over", "10", array.toString());
        assertThat(viaFileApi.exit()).as(viaFileApi.toString()).isEqualTo(ExitCode.ROWS_FAILED);
        assertThat(viaFileApi.out()).contains("bad.json: 1 rows stored, 1 failed").contains("line 2, column 'price'")
                .contains("{\"id\":5,\"name\":\"e\",\"price\":\"5\"}").contains("line N is the array's Nth row");
        assertThat(total("strict")).isEqualTo(3);
    }

    @Test
    void aLargeCsvGoesThroughTheFileApiWithPlainProgressLines() throws IOException {
        createProducts("big");
        Path csv = dir.resolve("big.csv");
        List<Integer> badLines = List.of(2_000, 50_001, 100_001);
        try (Writer out = Files.newBufferedWriter(csv)) {
            out.write("id,name,price,tags\n");
            for (int id = 1; id <= 100_000; id++) {
                int line = id + 1;
                String price = badLines.contains(line) ? "cheap" : id + ".25";
                out.write(id + ",\"product number " + id + ", the one with a long name\"," + price + ",\"[\"\"t" + id % 7 + "\"\"]\"\n");
            }
        }
        assertThat(Files.size(csv)).isGreaterThan(5L * 1024 * 1024);

        CliRun upload = write("upload", "--table", "big", csv.toString());

        assertThat(upload.exit()).as(upload.toString()).isEqualTo(ExitCode.ROWS_FAILED);
        assertThat(upload.out()).contains("big.csv: 99,997 rows stored, 3 failed (file job ");
        for (int line : badLines) {
            assertThat(upload.out()).contains("line " + line + ", column 'price': expected Decimal, got String \"cheap\"");
        }
        assertThat(total("big")).isEqualTo(99_997);
        assertThat(rows("big", "--where", "{\"id\":50002}")).extracting(JsonNode::toString).containsExactly(
                "{\"id\":50002,\"name\":\"product number 50002, the one with a long name\",\"price\":50002.25,\"tags\":[\"t1\"]}");

        List<String> progress = upload.err().lines().toList();
        assertThat(upload.err()).doesNotContain("\r", "\u001b", "\b");
        assertThat(upload.err().chars().filter(c -> c < ' ' && c != '\n')).isEmpty();
        assertThat(progress).isNotEmpty().allMatch(line -> line.startsWith("gzip big.csv") || line.startsWith("upload big.csv")
                || line.startsWith("process big.csv"));
        assertThat(progress).anyMatch(line -> line.startsWith("gzip big.csv 100%"));
        assertThat(progress).anyMatch(line -> line.startsWith("upload big.csv 100%"));
        assertThat(progress.get(progress.size() - 1)).startsWith("process big.csv 100%").contains("99,997 rows, 3 failed");
    }

    @Test
    void aFileJobStartedWithoutWaitingIsWatchedAfterwards() throws IOException {
        createProducts("later");
        Path ndjson = dir.resolve("later.ndjson.gz");
        StringBuilder rows = new StringBuilder();
        for (int id = 0; id < 300; id++) {
            rows.append("{\"id\":").append(id).append(",\"name\":\"n").append(id).append("\"}\n");
        }
        rows.append("{\"id\":\"oops\",\"name\":\"bad\"}\n");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(ndjson))) {
            out.write(rows.toString().getBytes(StandardCharsets.UTF_8));
        }

        CliRun started = write("upload", "--table", "later", "--file-api-over", "1KB", "--no-wait", ndjson.toString());
        assertOk(started);
        Matcher id = Pattern.compile("file job (\\S+) started").matcher(started.out());
        assertThat(id.find()).as(started.out()).isTrue();

        CliRun strict = read("jobs", "watch", "--table", "later", id.group(1));
        assertThat(strict.exit()).as(strict.toString()).isEqualTo(ExitCode.ROWS_FAILED);
        assertThat(strict.out()).contains("file job " + id.group(1) + ": 300 rows stored, 1 failed")
                .contains("line 301, column 'id': expected Int").contains("{\"id\":\"oops\",\"name\":\"bad\"}");
        assertOk(read("jobs", "watch", "--table", "later", "--max-errors", "1", id.group(1)));
    }

    @Test
    void operationJobsAreListedAndWatched() throws Exception {
        createProducts("tidy");
        Path ndjson = dir.resolve("tidy.ndjson");
        Files.writeString(ndjson, "{\"id\":1,\"name\":\"a\"}\n");
        assertOk(write("upload", "--table", "tidy", ndjson.toString()));
        HttpResponse<String> optimize = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/api/v1/jobs/data/tidy/optimize"))
                .header("x-api-key", WRITE_KEY).POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(optimize.statusCode()).as(optimize.body()).isEqualTo(200);
        String jobId = ApiClient.JSON.readTree(optimize.body()).path("id").asText();

        CliRun watched = read("jobs", "watch", jobId);
        assertOk(watched);
        assertThat(watched.out()).startsWith(jobId).contains("finished").endsWith("{}" + System.lineSeparator());
        CliRun listed = read("jobs");
        assertOk(listed);
        assertThat(listed.out().lines()).anyMatch(line -> line.startsWith(jobId + "  ") && line.contains("optimize") && line.contains("finished"));
    }

    @Test
    void clearErrorsForAWrongUrlKeyOrTable() throws IOException {
        createProducts("guarded");
        Path ndjson = dir.resolve("rows.ndjson");
        Files.writeString(ndjson, "{\"id\":1,\"name\":\"a\"}\n");
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String nowhere = "http://127.0.0.1:" + closedPort;
        assertOneLineError(CliRun.run(Map.of(ConnectionOptions.URL_VARIABLE, nowhere, ConnectionOptions.KEY_VARIABLE, WRITE_KEY),
                "upload", "--table", "guarded", ndjson.toString()), "Cannot reach " + nowhere + ": connection refused");
        assertOneLineError(CliRun.run(Map.of(), "query", "--url", url, "guarded"), "No API key: set AITO_INGEST_KEY (or pass --key)");
        assertOneLineError(CliRun.run(Map.of(), "upload", "--url", url + "/nothing-here", "--key", WRITE_KEY, "--table", "guarded",
                ndjson.toString()),
                "Not found (HTTP 404 for GET " + url + "/nothing-here/api/v1/schema/guarded): is " + url + "/nothing-here the API's base URL?");
        assertOk(CliRun.run(Map.of(), "--url", url, "--key", READ_KEY, "schema", "get", "guarded"));
        assertOneLineError(CliRun.run(env("wrong-key"), "schema", "get"),
                "The API refused the key (HTTP 403): check AITO_INGEST_KEY or --key");
        CliRun readOnly = read("upload", "--table", "guarded", ndjson.toString());
        assertThat(readOnly.exit()).isEqualTo(ExitCode.FAILED);
        assertThat(readOnly.err()).startsWith("aito-ingest: ").contains("read-write").contains("(HTTP 403)").hasLineCount(1);
        assertOneLineError(write("upload", "--table", "nope", ndjson.toString()), "No such table: nope");
        assertOneLineError(read("query", "nope"), "No such table: nope");
        assertOneLineError(read("schema", "get", "nope"), "No such table: nope");
        assertThat(total("guarded")).isZero();
    }
}
