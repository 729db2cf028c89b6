package dev.aitoingest.api;

import static dev.aitoingest.api.Api.reader;
import static dev.aitoingest.api.Api.writer;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import dev.aitoingest.services.LocalStorageResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
@WithTestResource(LocalStorageResource.class)
class SchemaApiTest {

    private static String put(String path, String body) {
        return writer().contentType("application/json").body(body).put(path).then().extract().asString();
    }

    @Test
    void tableSchemaIsAnsweredNormalised() {
        String table = Api.uniqueTable("customers");
        writer().contentType("application/json").body(Api.CUSTOMERS_SCHEMA).put("/api/v1/schema/" + table)
                .then().statusCode(200).body("type", equalTo("table"))
                .body("columns.id.nullable", equalTo(false)).body("columns.tags.analyzer", equalTo("Whitespace"));
        reader().get("/api/v1/schema/" + table).then().statusCode(200)
                .body("columns.collect { it.key }", equalTo(List.of("id", "name", "tags")))
                .body("columns.id.type", equalTo("Int"));
        reader().get("/api/v1/schema").then().statusCode(200).body("schema." + table + ".type", equalTo("table"));
    }

    @Test
    void wholeSchemaReplaceDropsTablesLeftOutAndKeepsUnchangedOnes() {
        String kept = Api.createCustomers();
        String dropped = Api.createCustomers();
        writer().contentType("application/json").body(Api.CUSTOMERS_ROWS).post("/api/v1/data/" + kept + "/batch")
                .then().statusCode(200);
        String current = reader().get("/api/v1/schema").then().statusCode(200).extract().asString();
        String replaced = current.replace("\"" + dropped + "\":", "\"" + Api.uniqueTable("other") + "\":");
        writer().contentType("application/json").body(replaced).put("/api/v1/schema").then().statusCode(200)
                .body("schema.keySet()", not(hasItem(dropped)));
        reader().get("/api/v1/schema/" + dropped).then().statusCode(404).body("message", equalTo("No such table: " + dropped));
        org.assertj.core.api.Assertions.assertThat(Api.total(kept)).isEqualTo(11);
    }

    @Test
    void columnsCanBeReadAddedAndDeleted() {
        String table = Api.createCustomers();
        reader().get("/api/v1/schema/" + table + "/name").then().statusCode(200).body("type", equalTo("String"));
        reader().get("/api/v1/schema/" + table + "/nope").then().statusCode(404);
        writer().contentType("application/json").body(Api.CUSTOMERS_ROWS).post("/api/v1/data/" + table + "/batch").then().statusCode(200);
        writer().contentType("application/json").body("{\"type\":\"Int\"}").put("/api/v1/schema/" + table + "/age")
                .then().statusCode(400).body("message", startsWith("Table '" + table + "' has rows"));
        writer().contentType("application/json").body("{\"type\":\"Int\",\"value\":30}").put("/api/v1/schema/" + table + "/age")
                .then().statusCode(200).body("type", equalTo("Int"));
        writer().delete("/api/v1/schema/" + table + "/tags").then().statusCode(200)
                .body("deleted", equalTo(List.of(table + ".tags")));
        Api.search("{\"from\":\"" + table + "\",\"where\":{\"id\":0}}").statusCode(200)
                .body("hits[0].age", equalTo(30)).body("hits[0].tags", equalTo(null)).body("hits[0].name", equalTo("anne"));
    }

    @Test
    void deletingATableDeletesItsData() {
        String table = Api.createCustomers();
        writer().contentType("application/json").body(Api.CUSTOMERS_ROWS).post("/api/v1/data/" + table + "/batch").then().statusCode(200);
        writer().delete("/api/v1/schema/" + table).then().statusCode(200).body("deleted", equalTo(List.of(table)));
        Api.search("{\"from\":\"" + table + "\"}").statusCode(404);
        writer().contentType("application/json").body(Api.CUSTOMERS_SCHEMA).put("/api/v1/schema/" + table).then().statusCode(200);
        org.assertj.core.api.Assertions.assertThat(Api.total(table)).isZero();
    }

    @Test
    void linksMustPointAtExistingColumns() {
        String target = Api.createCustomers();
        String table = Api.uniqueTable("orders");
        writer().contentType("application/json").body("{\"columns\":{\"customer\":{\"type\":\"Int\",\"link\":\"" + target + ".id\"}}}")
                .put("/api/v1/schema/" + table).then().statusCode(200).body("columns.customer.link", equalTo(target + ".id"));
        writer().contentType("application/json").body("{\"columns\":{\"customer\":{\"type\":\"Int\",\"link\":\"" + target + ".nope\"}}}")
                .put("/api/v1/schema/" + table).then().statusCode(400);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"columns\":{\"id\":{\"type\":\"Integer\"}}}",
        "{\"columns\":{\"id\":{\"type\":\"Int\",\"analyzer\":\"english\"}}}",
        "{\"columns\":{\"bad name\":{\"type\":\"Int\"}}}",
        "{\"columns\":[]}",
        "[1]",
        "{\"columns\":{\"id\":{\"type\":\"Int\"}}",
        ""
    })
    void badTableSchemasAreRefusedWith400(String body) {
        String table = Api.uniqueTable("bad");
        writer().contentType("application/json").body(body).put("/api/v1/schema/" + table)
                .then().statusCode(400).body("status", equalTo(400));
        reader().get("/api/v1/schema/" + table).then().statusCode(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.b", "a$b", "a%20b", "%22quoted%22"})
    void badTableNamesAreRefused(String name) {
        writer().contentType("application/json").urlEncodingEnabled(false).body(Api.CUSTOMERS_SCHEMA)
                .put("/api/v1/schema/" + name).then().statusCode(400).body("message", startsWith("Invalid table name"));
    }

    @Test
    void deletingTheWholeSchemaDropsEveryTable() {
        String first = Api.createCustomers();
        String second = Api.createCustomers();
        List<String> deleted = writer().delete("/api/v1/schema").then().statusCode(200).extract().jsonPath().getList("deleted");
        org.assertj.core.api.Assertions.assertThat(deleted).contains(first, second);
        reader().get("/api/v1/schema").then().statusCode(200).body("schema", equalTo(java.util.Map.of()));
        reader().get("/api/v1/schema/" + first).then().statusCode(404);
    }

    @Test
    void unknownTableIs404() {
        reader().get("/api/v1/schema/missing_table").then().statusCode(404).body("message", equalTo("No such table: missing_table"));
        writer().delete("/api/v1/schema/missing_table").then().statusCode(404);
    }
}
