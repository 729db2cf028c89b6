package dev.aitoingest.api;

import static dev.aitoingest.api.Api.writer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import dev.aitoingest.services.LocalStorageResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@QuarkusTest
@WithTestResource(LocalStorageResource.class)
class DataApiTest {

    private static byte[] gzip(byte[] data) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    @Test
    void theSeedsCustomersLoadByBatchAndReadBack() {
        String table = Api.createCustomers();
        writer().contentType("application/json").body(Api.CUSTOMERS_ROWS).post("/api/v1/data/" + table + "/batch")
                .then().statusCode(200).body("entries", equalTo(11)).body("status", equalTo("ok"));
        Api.search("{\"from\":\"" + table + "\",\"limit\":3}").statusCode(200)
                .body("offset", equalTo(0)).body("total", equalTo(11)).body("hits", hasSize(3))
                .body("hits[0].name", equalTo("anne")).body("hits[2].tags", equalTo("nyc 30s"));
        Api.search("{\"from\":\"" + table + "\",\"where\":{\"name\":\"jane\"},\"select\":null}").statusCode(200)
                .body("total", equalTo(1)).body("hits[0].id", equalTo(10));
        Api.reader().contentType("application/json").body("{\"from\":\"" + table + "\",\"offset\":10}")
                .post("/api/v1/_query").then().statusCode(200).body("hits[0].name", equalTo("jane"));
    }

    @Test
    void oneRowIsAnsweredAsStored() {
        String table = Api.createCustomers();
        writer().contentType("application/json").body("{\"id\":42,\"name\":\"zed\",\"tags\":\"x y\"}")
                .post("/api/v1/data/" + table).then().statusCode(200).body("id", equalTo(42)).body("name", equalTo("zed"));
        assertThat(Api.total(table)).isEqualTo(1);
    }

    @Test
    void aStreamKeepsPhysicalLineNumbersInErrorsAndStoresNothingOnError() {
        String table = Api.createCustomers();
        String good = "{\"id\":1,\"name\":\"a\",\"tags\":\"t\"}\n\n{\"id\":2,\"name\":\"b\",\"tags\":\"t\"}\n";
        writer().contentType("application/x-ndjson").body(good.getBytes(StandardCharsets.UTF_8)).post("/api/v1/data/" + table + "/stream")
                .then().statusCode(200).body("entries", equalTo(2));
        String bad = good + "\n{\"id\":\"3\",\"name\":\"c\",\"tags\":\"t\"}\n";
        writer().contentType("application/x-ndjson").body(bad.getBytes(StandardCharsets.UTF_8)).post("/api/v1/data/" + table + "/stream")
                .then().statusCode(400).body("errors[0].line", equalTo(5)).body("errors[0].column", equalTo("id"))
                .body("message", equalTo("line 5, column 'id': expected Int, got String \"3\"")).body("errorCount", equalTo(1));
        assertThat(Api.total(table)).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "malformed JSON|[{\"id\":1,|Malformed JSON at line 1",
        "wrong top-level type|{\"id\":1,\"name\":\"a\",\"tags\":\"t\"}|The body must be a JSON array of rows, got an object",
        "unknown column|[{\"id\":1,\"name\":\"a\",\"tags\":\"t\",\"age\":3}]|row 0, column 'age': not a column of this table",
        "missing non-nullable column|[{\"id\":1,\"tags\":\"t\"}]|row 0, column 'name': missing; expected String",
        "wrong type|[{\"id\":1,\"name\":true,\"tags\":\"t\"}]|row 0, column 'name': expected String, got Boolean true",
        "Int out of 32-bit range|[{\"id\":2147483648,\"name\":\"a\",\"tags\":\"t\"}]|row 0, column 'id': expected Int, got Int 2147483648, outside the 32-bit range",
        "null in non-nullable|[{\"id\":null,\"name\":\"a\",\"tags\":\"t\"}]|row 0, column 'id': expected Int, got null",
        "empty body||The body must be a JSON array of rows, got nothing"
    })
    void badBatchesAre400AndStoreNothing(String name, String body, String message) {
        String table = Api.createCustomers();
        writer().contentType("application/json").body(body == null ? "" : body).post("/api/v1/data/" + table + "/batch")
                .then().statusCode(400).body("status", equalTo(400)).body("message", startsWith(message));
        assertThat(Api.total(table)).isZero();
    }

    @Test
    void allBadRowsAreCountedAndTheFirstFiftyListed() {
        String table = Api.createCustomers();
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < 80; i++) {
            body.append(i == 0 ? "" : ",").append(i % 2 == 0 ? "{\"id\":\"" + i + "\",\"name\":\"n\",\"tags\":\"t\"}"
                    : "{\"id\":" + i + ",\"name\":\"n\",\"tags\":\"t\"}");
        }
        writer().contentType("application/json").body(body.append("]").toString()).post("/api/v1/data/" + table + "/batch")
                .then().statusCode(400).body("errors", hasSize(40)).body("errorCount", equalTo(40))
                .body("errors[1].row", equalTo(2)).body("errors[1].message", equalTo("row 2, column 'id': expected Int, got String \"2\""));
        assertThat(Api.total(table)).isZero();
    }

    @Test
    void invalidUtf8Is400() {
        String table = Api.createCustomers();
        byte[] prefix = "[{\"id\":1,\"name\":\"".getBytes(StandardCharsets.UTF_8);
        byte[] suffix = "\",\"tags\":\"t\"}]".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[prefix.length + 2 + suffix.length];
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        body[prefix.length] = (byte) 0xC3;
        body[prefix.length + 1] = (byte) 0x28;
        System.arraycopy(suffix, 0, body, prefix.length + 2, suffix.length);
        // a binary type, as a text body would reach the function already decoded, bad bytes replaced
        writer().contentType("application/octet-stream").body(body).post("/api/v1/data/" + table + "/batch")
                .then().statusCode(400).body("message", containsString("UTF-8"));
        assertThat(Api.total(table)).isZero();
    }

    @Test
    void unknownTableIs404() {
        writer().contentType("application/json").body("[]").post("/api/v1/data/no_such_table/batch")
                .then().statusCode(404).body("message", equalTo("No such table: no_such_table"));
        writer().contentType("application/x-ndjson").body(new byte[0]).post("/api/v1/data/no_such_table/stream").then().statusCode(404);
    }

    @Test
    void aPayloadOverSixMegabytesIs413AndPointsToTheFileApi() {
        String table = Api.createCustomers();
        String row = "{\"id\":1,\"name\":\"" + "x".repeat(1000) + "\",\"tags\":\"t\"}";
        StringBuilder body = new StringBuilder("[");
        while (body.length() <= 6 * 1024 * 1024) {
            body.append(body.length() == 1 ? "" : ",").append(row);
        }
        writer().contentType("application/json").body(body.append("]").toString()).post("/api/v1/data/" + table + "/batch")
                .then().statusCode(413).body("status", equalTo(413)).body("message", containsString("file upload API"));
        assertThat(Api.total(table)).isZero();
    }

    @Test
    void gzipBodiesAreAcceptedAndABombIsRefused() throws Exception {
        String table = Api.createCustomers();
        writer().contentType("application/gzip").header("Content-Encoding", "gzip")
                .body(gzip(Api.CUSTOMERS_ROWS.getBytes(StandardCharsets.UTF_8))).post("/api/v1/data/" + table + "/batch")
                .then().statusCode(200).body("entries", equalTo(11));
        byte[] bomb = gzip(new byte[65 * 1024 * 1024]);
        writer().contentType("application/octet-stream").header("Content-Encoding", "gzip").body(bomb)
                .post("/api/v1/data/" + table + "/batch").then().statusCode(413).body("message", containsString("64 MiB"));
        assertThat(Api.total(table)).isEqualTo(11);
    }

    @Test
    void aFormOrXmlBodyIs415() {
        String table = Api.createCustomers();
        writer().contentType("application/xml").body("<rows/>").post("/api/v1/data/" + table + "/batch")
                .then().statusCode(415).body("status", equalTo(415));
    }

    @Test
    void searchRefusesUnknownColumnsAndTables() {
        String table = Api.createCustomers();
        Api.search("{\"from\":\"" + table + "\",\"where\":{\"age\":3}}").statusCode(400).body("message", startsWith("Unknown column 'age'"));
        Api.search("{\"from\":\"" + table + "\",\"where\":{\"id\":{\"$near\":3}}}").statusCode(400);
        Api.search("{\"from\":\"nope_table\"}").statusCode(404);
        Api.search("{\"from\":\"" + table + "\",\"limit\":-1}").statusCode(400);
        Api.search("not json").statusCode(400);
        Api.search("{\"from\":\"" + table + "\",\"select\":[\"id\",\"nope\"]}").statusCode(400);
        Api.search("{\"from\":\"" + table + "\",\"select\":[\"id\"]}").statusCode(200).body("hits", equalTo(List.of()));
    }
}
