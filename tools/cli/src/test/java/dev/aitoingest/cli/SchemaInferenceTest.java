package dev.aitoingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaInferenceTest {

    @TempDir
    Path dir;

    private JsonNode inferredColumns(Path file, String... options) throws IOException {
        String[] args = new String[options.length + 2];
        args[0] = "infer-schema";
        System.arraycopy(options, 0, args, 1, options.length);
        args[args.length - 1] = file.toString();
        CliRun run = CliRun.run(Map.of(), args);
        assertThat(run.exit()).as(run.toString()).isZero();
        JsonNode schema = ApiClient.JSON.readTree(run.out());
        assertThat(schema.path("type").asText()).isEqualTo("table");
        return schema.path("columns");
    }

    private static Map<String, String> types(JsonNode columns) {
        Map<String, String> types = new LinkedHashMap<>();
        columns.fields().forEachRemaining(column -> types.put(column.getKey(),
                column.getValue().path("type").asText() + (column.getValue().path("nullable").asBoolean() ? "?" : "")));
        return types;
    }

    @Test
    void csvCellsAreTypedAsTheServerWillReadThem() throws IOException {
        Path csv = dir.resolve("products.csv");
        Files.writeString(csv, """
                id,big,price,whole_price,in_stock,comment,description,attributes,zip,maybe_count,anything
                1,3000000000,2.50,3,true,,"A sturdy chair, made of oak wood",{},007,1,"[1,2]"
                2,4,3,4,FALSE,fine,"Small table for two people, pine",,012,,hello
                3,5,1e3,5,True,"",Lamp with a long cord and a shade,"{""color"":""red"",""sizes"":[1,2]}",100,7,3
                """);
        JsonNode columns = inferredColumns(csv);
        assertThat(types(columns)).containsExactly(
                Map.entry("id", "Int"), Map.entry("big", "Long"), Map.entry("price", "Decimal"), Map.entry("whole_price", "Int"),
                Map.entry("in_stock", "Boolean"), Map.entry("comment", "String?"), Map.entry("description", "Text"),
                Map.entry("attributes", "Json?"), Map.entry("zip", "String"), Map.entry("maybe_count", "Int?"),
                Map.entry("anything", "String"));
    }

    @Test
    void ndjsonValuesAreTypedByTheirJsonType() throws IOException {
        Path ndjson = dir.resolve("events.ndjson.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(ndjson))) {
            out.write("""
                    {"id":1,"ts":1700000000000,"score":0.5,"ok":true,"user":"ann","text":"the quick brown fox","payload":{"a":[1,2]},"mixed":1,"gone":null}
                    {"id":2,"ts":1700000000001,"score":2,"ok":false,"user":"bob","text":"jumps over the lazy dog","payload":[true],"mixed":"one"}

                    {"id":3,"ts":1700000000002,"score":-1.25e2,"ok":false,"user":null,"text":"and runs away again","payload":"s","mixed":false,"late":"x"}
                    """.getBytes(StandardCharsets.UTF_8));
        }
        JsonNode columns = inferredColumns(ndjson);
        assertThat(types(columns)).containsExactly(
                Map.entry("id", "Int"), Map.entry("ts", "Long"), Map.entry("score", "Decimal"), Map.entry("ok", "Boolean"),
                Map.entry("user", "String?"), Map.entry("text", "Text"), Map.entry("payload", "Json"), Map.entry("mixed", "Json"),
                Map.entry("gone", "String?"), Map.entry("late", "String?"));
    }

    @Test
    void theSampleIsTheFirstRowsOnly() throws IOException {
        Path ndjson = dir.resolve("rows.ndjson");
        Files.writeString(ndjson, "{\"n\":1}\n{\"n\":2}\n{\"n\":\"three\"}\n");
        assertThat(types(inferredColumns(ndjson, "--sample", "2"))).containsExactly(Map.entry("n", "Int"));
        assertThat(types(inferredColumns(ndjson))).containsExactly(Map.entry("n", "Json"));
    }

    @Test
    void aSemicolonDelimitedCsv() throws IOException {
        Path csv = dir.resolve("rows.txt");
        Files.writeString(csv, "a;b\n1;x y\n2;\n");
        assertThat(types(inferredColumns(csv, "--format", "csv", "--delimiter", ";"))).containsExactly(
                Map.entry("a", "Int"), Map.entry("b", "String?"));
    }
}
