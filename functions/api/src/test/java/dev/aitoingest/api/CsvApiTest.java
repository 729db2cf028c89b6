package dev.aitoingest.api;

import static dev.aitoingest.api.Api.reader;
import static dev.aitoingest.api.Api.writer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
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
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** CSV uploads (ext) on batch, stream and the file API, through the Lambda mock event server. */
@QuarkusTest
@WithTestResource(LocalStorageResource.class)
class CsvApiTest {

    private static final String TYPED_SCHEMA = "{\"columns\":{\"id\":{\"type\":\"Int\"},\"big\":{\"type\":\"Long\",\"nullable\":true},"
            + "\"price\":{\"type\":\"Decimal\",\"nullable\":true},\"ok\":{\"type\":\"Boolean\",\"nullable\":true},"
            + "\"name\":{\"type\":\"String\",\"nullable\":true},\"tags\":{\"type\":\"Text\",\"nullable\":true},"
            + "\"extra\":{\"type\":\"Json\",\"nullable\":true}}}";

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] gzip(String text) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(utf8(text));
        }
        return out.toByteArray();
    }

    private static String typedTable() {
        String table = Api.uniqueTable("typed");
        writer().contentType("application/json").body(TYPED_SCHEMA).put("/api/v1/schema/" + table).then().statusCode(200);
        return table;
    }

    @Test
    void aCsvBatchIsStoredWithTheSchemasJsonTypes() {
        String table = typedTable();
        String csv = "\uFEFFid,big,price,ok,name,tags,extra\r\n"
                + "1,9007199254740993,1.50,TRUE,\"Smith, \"\"J\"\"\r\nsecond line\",london 20s,\"{\"\"a\"\":[1,2]}\"\r\n"
                + "2,,12,false,007,,\"\"\r\n";
        writer().contentType("text/csv; charset=utf-8").body(utf8(csv)).post("/api/v1/data/" + table + "/batch")
                .then().statusCode(200).body("entries", equalTo(2)).body("status", equalTo("ok"));
        JsonPath hits = Api.search("{\"from\":\"" + table + "\"}").statusCode(200).body("total", equalTo(2)).extract().jsonPath();
        assertThat(hits.getInt("hits[0].id")).isEqualTo(1);
        assertThat(hits.getLong("hits[0].big")).isEqualTo(9007199254740993L);
        assertThat(hits.getDouble("hits[0].price")).isEqualTo(1.5);
        assertThat(hits.getBoolean("hits[0].ok")).isTrue();
        assertThat(hits.getString("hits[0].name")).isEqualTo("Smith, \"J\"\r\nsecond line");
        assertThat(hits.getList("hits[0].extra.a", Integer.class)).containsExactly(1, 2);
        assertThat(hits.getString("hits[1].name")).isEqualTo("007");
        assertThat(hits.getBoolean("hits[1].ok")).isFalse();
        assertThat(hits.getMap("hits[1]")).containsEntry("big", null);
        assertThat(hits.getString("hits[1].extra")).isEmpty();
        // the same rows as JSON read back the same
        Api.search("{\"from\":\"" + table + "\",\"where\":{\"price\":{\"$gt\":10}}}").body("hits[0].id", equalTo(2));
    }

    @Test
    void aCsvStreamIsAllOrNothingAndNamesLinesColumnsAndValues() {
        String table = Api.createCustomers();
        String csv = "id,name,tags\n0,anne,\"london\n20s\"\n\ntwelve,bob,nyc\n2,cecilia\n3,david,x,y\n4,,t\n";
        writer().contentType("text/csv").body(utf8(csv)).post("/api/v1/data/" + table + "/stream")
                .then().statusCode(400)
                .body("message", equalTo("line 5, column 'id': expected Int, got String \"twelve\" (and 3 more invalid rows)"))
                .body("status", equalTo(400)).body("errorCount", equalTo(4)).body("errors", hasSize(4))
                .body("errors[0].line", equalTo(5)).body("errors[0].column", equalTo("id"))
                .body("errors[1].line", equalTo(6)).body("errors[1].message", equalTo("line 6: the record has 2 cells; the header has 3"))
                .body("errors[2].message", equalTo("line 7: the record has 4 cells; the header has 3"))
                .body("errors[3].message", equalTo("line 8, column 'name': expected String, got null (the column is not nullable)"));
        assertThat(Api.total(table)).isZero();
        writer().contentType("text/csv").body(utf8("id,name,tags\n0,anne,\"london\n20s\"\n\n1,bob,\"\"\n"))
                .post("/api/v1/data/" + table + "/stream").then().statusCode(200).body("entries", equalTo(2));
        assertThat(Api.total(table)).isEqualTo(2);
    }

    @Test
    void theHeaderMustFitTheTable() {
        String table = Api.createCustomers();
        writer().contentType("text/csv").body(utf8("id,name,tags,age\n1,a,b,3\n")).post("/api/v1/data/" + table + "/batch")
                .then().statusCode(400).body("errors[0].line", equalTo(1)).body("errors[0].column", equalTo("age"))
                .body("message", equalTo("The CSV header does not fit the table: line 1, column 'age': not a column of this table "
                        + "(header cell 4)"));
        writer().contentType("text/csv").body(utf8("id,tags\n1,b\n")).post("/api/v1/data/" + table + "/batch")
                .then().statusCode(400).body("errors[0].column", equalTo("name"));
        writer().contentType("text/csv").body(new byte[0]).post("/api/v1/data/" + table + "/batch")
                .then().statusCode(400).body("message", startsWith("The CSV is empty"));
        writer().contentType("text/csv").body(utf8("id,name,tags\n1,\"open\n")).post("/api/v1/data/" + table + "/batch")
                .then().statusCode(400).body("errors[0].line", equalTo(2)).body("message", startsWith("line 2: malformed CSV"));
        assertThat(Api.total(table)).isZero();
    }

    @Test
    void delimitersGzipAndTheSizeLimit() throws Exception {
        String table = Api.createCustomers();
        writer().contentType("text/csv").queryParam("delimiter", ";").body(utf8("id;name;tags\n1;a,b;t\n"))
                .post("/api/v1/data/" + table + "/batch").then().statusCode(200).body("entries", equalTo(1));
        writer().contentType("text/csv").queryParam("delimiter", "\t").body(utf8("id\tname\ttags\n2\tc\tt\n"))
                .post("/api/v1/data/" + table + "/stream").then().statusCode(200).body("entries", equalTo(1));
        writer().contentType("text/csv").queryParam("delimiter", "|").body(utf8("id|name|tags\n3|d|t\n"))
                .post("/api/v1/data/" + table + "/stream").then().statusCode(200).body("entries", equalTo(1));
        writer().contentType("text/csv").queryParam("delimiter", ":").body(utf8("id:name\n"))
                .post("/api/v1/data/" + table + "/batch").then().statusCode(400)
                .body("message", equalTo("Unsupported CSV delimiter \":\"; use one of , ; | or tab"));
        // a gzip body travels as binary (API Gateway garbles a text type), so format=csv names it CSV
        writer().contentType("application/gzip").header("Content-Encoding", "gzip").queryParam("format", "csv")
                .body(gzip("id,name,tags\n4,e,t\n5,f,t\n")).post("/api/v1/data/" + table + "/batch")
                .then().statusCode(200).body("entries", equalTo(2));
        assertThat(Api.total(table)).isEqualTo(5);
        assertThat(Api.search("{\"from\":\"" + table + "\",\"where\":{\"id\":1}}").extract().jsonPath().getString("hits[0].name"))
                .isEqualTo("a,b");
        StringBuilder big = new StringBuilder("id,name,tags\n");
        while (big.length() <= 6 * 1024 * 1024) {
            big.append("1,aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa,t\n");
        }
        writer().contentType("text/csv").body(utf8(big.toString())).post("/api/v1/data/" + table + "/batch")
                .then().statusCode(413).body("message", startsWith("The request body is larger than the 6 MB"));
        assertThat(Api.total(table)).isEqualTo(5);
    }

    @Test
    void aCsvFileJobRecordsItsFormatAndKeepsFailingRecordsAsText() throws Exception {
        String table = Api.createCustomers();
        JsonPath init = writer().queryParam("format", "csv").queryParam("delimiter", ";")
                .post("/api/v1/data/" + table + "/file").then().statusCode(200).extract().jsonPath();
        String id = init.getString("id");
        reader().get("/api/v1/data/" + table + "/file/" + id).then().statusCode(200)
                .body("status.format", equalTo("csv")).body("status.delimiter", equalTo(";"));
        StringBuilder file = new StringBuilder("id;name;tags\n");
        for (int i = 0; i < 300; i++) {
            file.append(i == 100 ? "7" : i == 200 ? "x;\"two\nlines\";t" : i + ";\"n;" + i + "\";t").append('\n');
        }
        byte[] gz = gzip(file.toString());
        int put = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(init.getString("url")))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(gz)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        assertThat(put).isEqualTo(200);
        writer().post("/api/v1/data/" + table + "/file/" + id).then().statusCode(200).body("status", equalTo("started"));
        JsonPath done = null;
        for (long deadline = System.nanoTime() + 60_000_000_000L; System.nanoTime() < deadline; Thread.sleep(100)) {
            done = reader().get("/api/v1/data/" + table + "/file/" + id).then().statusCode(200).extract().jsonPath();
            if (done.getBoolean("status.finished")) {
                break;
            }
        }
        assertThat(done.getString("status.phase")).isEqualTo("finished");
        assertThat(done.getLong("status.completedCount")).isEqualTo(298);
        assertThat(done.getLong("status.failedCount")).isEqualTo(2);
        assertThat(done.getInt("status.lastSuccessfulElement.id")).isEqualTo(299);
        assertThat(done.getString("status.lastSuccessfulElement.name")).isEqualTo("n;299");
        // a failing record is its text as sent, even one that reads as a JSON number
        assertThat(done.getList("errors.rows", String.class)).containsExactly("7", "x;\"two\nlines\";t");
        assertThat(done.getList("errors.details.line", Integer.class)).containsExactly(102, 202);
        assertThat(done.getString("errors.details[1].message")).isEqualTo("line 202, column 'id': expected Int, got String \"x\"");
        assertThat(Api.total(table)).isEqualTo(298);
        writer().queryParam("format", "xml").post("/api/v1/data/" + table + "/file").then().statusCode(400)
                .body("message", equalTo("Unsupported format \"xml\"; use csv, or leave it out for JSON"));
    }
}
