package dev.aitoingest.api;

import static dev.aitoingest.api.Api.reader;
import static dev.aitoingest.api.Api.writer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import dev.aitoingest.services.LocalStorageResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The column-level schema rules on a table that has rows: a change that could leave a stored row
 * invalid is a 409 that names the column and leaves schema and rows as they were; the same change
 * on an empty table, and a new nullable column on a table with rows, are allowed.
 */
@QuarkusTest
@WithTestResource(LocalStorageResource.class)
class SchemaConflictTest {

    static final String SCHEMA = """
            {"columns":{"id":{"type":"Int"},"name":{"type":"String"},"note":{"type":"String","nullable":true},"age":{"type":"Int"}}}""";

    static final String ROWS = """
            [{"id":1,"name":"anne","note":"first","age":30},
             {"id":2,"name":"bob","note":null,"age":40},
             {"id":3,"name":"cecilia","age":50}]""";

    private static String createTable(boolean withRows) {
        String table = Api.uniqueTable("conflict");
        writer().contentType("application/json").body(SCHEMA).put("/api/v1/schema/" + table).then().statusCode(200);
        if (withRows) {
            writer().contentType("application/json").body(ROWS).post("/api/v1/data/" + table + "/batch")
                    .then().statusCode(200).body("entries", equalTo(3));
        }
        return table;
    }

    private static ValidatableResponse putColumn(String table, String column, String body) {
        return writer().contentType("application/json").body(body).put("/api/v1/schema/" + table + "/" + column).then();
    }

    private static ValidatableResponse rows(String table) {
        return Api.search("{\"from\":\"" + table + "\",\"limit\":100}").statusCode(200);
    }

    /** The whole answer of a search for every row, to compare before and after. */
    private static String rowsAsRead(String table) {
        return rows(table).extract().asString();
    }

    private static void assertConflictNaming(ValidatableResponse answer, String table, String column) {
        answer.statusCode(409).body("status", equalTo(409)).body("message", containsString("'" + table + "." + column + "'"));
    }

    private static void assertSeedRows(String table) {
        rows(table).body("total", equalTo(3)).body("hits.id", equalTo(List.of(1, 2, 3)))
                .body("hits.name", equalTo(List.of("anne", "bob", "cecilia")))
                .body("hits.note", equalTo(Arrays.asList("first", null, null)))
                .body("hits.age", equalTo(List.of(30, 40, 50)));
    }

    @Test
    void changingAColumnsTypeOnATableWithRowsIs409() {
        String table = createTable(true);
        String before = rowsAsRead(table);
        assertConflictNaming(putColumn(table, "age", "{\"type\":\"Long\"}"), table, "age");
        assertConflictNaming(putColumn(table, "age", "{\"type\":\"String\",\"nullable\":true}"), table, "age");
        assertConflictNaming(putColumn(table, "name", "{\"type\":\"Text\",\"analyzer\":\"english\"}"), table, "name");
        reader().get("/api/v1/schema/" + table + "/age").then().statusCode(200).body("type", equalTo("Int")).body("nullable", equalTo(false));
        reader().get("/api/v1/schema/" + table + "/name").then().statusCode(200).body("type", equalTo("String"));
        assertThat(rowsAsRead(table)).isEqualTo(before);
        assertSeedRows(table);
        // still the old type for new rows
        writer().contentType("application/json").body("[{\"id\":4,\"name\":\"d\",\"age\":\"old\"}]").post("/api/v1/data/" + table + "/batch")
                .then().statusCode(400).body("errors[0].column", equalTo("age"));
    }

    @Test
    void makingAColumnNewlyNonNullableOnATableWithRowsIs409() {
        String table = createTable(true);
        String before = rowsAsRead(table);
        assertConflictNaming(putColumn(table, "note", "{\"type\":\"String\",\"nullable\":false}"), table, "note");
        // nullable defaults to false
        assertConflictNaming(putColumn(table, "note", "{\"type\":\"String\"}"), table, "note");
        reader().get("/api/v1/schema/" + table + "/note").then().statusCode(200).body("nullable", equalTo(true));
        assertThat(rowsAsRead(table)).isEqualTo(before);
        assertSeedRows(table);
    }

    @Test
    void reAddingADroppedColumnWhileTheTableHasRowsIs409() {
        String table = createTable(true);
        writer().delete("/api/v1/schema/" + table + "/note").then().statusCode(200).body("deleted", equalTo(List.of(table + ".note")));
        rows(table).body("total", equalTo(3)).body("hits.collect { it.containsKey('note') }", equalTo(List.of(false, false, false)));
        String before = rowsAsRead(table);
        assertConflictNaming(putColumn(table, "note", "{\"type\":\"String\",\"nullable\":true}"), table, "note");
        assertConflictNaming(putColumn(table, "note", "{\"type\":\"Int\",\"value\":0}"), table, "note");
        reader().get("/api/v1/schema/" + table + "/note").then().statusCode(404);
        reader().get("/api/v1/schema/" + table).then().statusCode(200).body("columns", not(hasKey("note")));
        assertThat(rowsAsRead(table)).isEqualTo(before);
        rows(table).body("hits.id", equalTo(List.of(1, 2, 3))).body("hits.age", equalTo(List.of(30, 40, 50)));
    }

    @Test
    void theSameChangesOnAnEmptyTableSucceed() {
        String table = createTable(false);
        putColumn(table, "age", "{\"type\":\"Long\"}").statusCode(200).body("type", equalTo("Long"));
        putColumn(table, "note", "{\"type\":\"String\",\"nullable\":false}").statusCode(200).body("nullable", equalTo(false));
        writer().delete("/api/v1/schema/" + table + "/name").then().statusCode(200);
        putColumn(table, "name", "{\"type\":\"Int\"}").statusCode(200).body("type", equalTo("Int"));
        reader().get("/api/v1/schema/" + table).then().statusCode(200)
                .body("columns.age.type", equalTo("Long")).body("columns.note.nullable", equalTo(false))
                .body("columns.name.type", equalTo("Int"));
        // the new definitions are the ones rows are checked against and read back with
        writer().contentType("application/json").body("[{\"id\":1,\"name\":7,\"note\":\"x\",\"age\":5000000000}]")
                .post("/api/v1/data/" + table + "/batch").then().statusCode(200).body("entries", equalTo(1));
        writer().contentType("application/json").body("[{\"id\":2,\"name\":8,\"note\":null,\"age\":1}]")
                .post("/api/v1/data/" + table + "/batch").then().statusCode(400).body("errors[0].column", equalTo("note"));
        rows(table).body("total", equalTo(1)).body("hits[0].name", equalTo(7)).body("hits[0].note", equalTo("x"))
                .body("hits[0].age", equalTo(5000000000L));
    }

    @Test
    void relaxingAColumnToNullableOnATableWithRowsSucceeds() {
        String table = createTable(true);
        String before = rowsAsRead(table);
        putColumn(table, "age", "{\"type\":\"Int\",\"nullable\":true}").statusCode(200).body("nullable", equalTo(true));
        assertThat(rowsAsRead(table)).isEqualTo(before);
        writer().contentType("application/json").body("[{\"id\":4,\"name\":\"david\"}]").post("/api/v1/data/" + table + "/batch")
                .then().statusCode(200);
        rows(table).body("total", equalTo(4)).body("hits.age", equalTo(Arrays.asList(30, 40, 50, null)));
    }

    @Test
    void addingANullableColumnToATableWithRowsSucceedsAndTheRowsReadItAsNull() {
        String table = createTable(true);
        String before = rowsAsRead(table);
        putColumn(table, "score", "{\"type\":\"Decimal\",\"nullable\":true}").statusCode(200)
                .body("type", equalTo("Decimal")).body("nullable", equalTo(true));
        reader().get("/api/v1/schema/" + table + "/score").then().statusCode(200).body("type", equalTo("Decimal"));
        rows(table).body("hits.score", equalTo(Arrays.asList(null, null, null)));
        assertThat(rowsAsRead(table)).isEqualTo(before);
        assertSeedRows(table);
        writer().contentType("application/json").body("[{\"id\":4,\"name\":\"david\",\"age\":60,\"score\":2.5}]")
                .post("/api/v1/data/" + table + "/batch").then().statusCode(200);
        Api.search("{\"from\":\"" + table + "\",\"where\":{\"score\":null}}").statusCode(200)
                .body("total", equalTo(3)).body("hits.id", equalTo(List.of(1, 2, 3)));
    }

    @Test
    void aNewNullableColumnWithAValueFillsTheRowsAlreadyStored() {
        String table = createTable(true);
        putColumn(table, "level", "{\"type\":\"String\",\"nullable\":true,\"value\":7}").statusCode(400)
                .body("message", containsString("'" + table + ".level'"));
        reader().get("/api/v1/schema/" + table + "/level").then().statusCode(404);
        putColumn(table, "level", "{\"type\":\"String\",\"nullable\":true,\"value\":\"gold\"}").statusCode(200)
                .body("type", equalTo("String")).body("$", not(hasKey("value")));
        assertSeedRows(table);
        rows(table).body("hits.level", equalTo(List.of("gold", "gold", "gold")));
        Api.search("{\"from\":\"" + table + "\",\"where\":{\"level\":\"gold\"}}").statusCode(200).body("total", equalTo(3));
    }

    @Test
    void aRowUploadedAfterAFilledColumnWasAddedReadsBackAsSent() {
        String table = createTable(true);
        putColumn(table, "level", "{\"type\":\"String\",\"nullable\":true,\"value\":\"gold\"}").statusCode(200);
        writer().contentType("application/json").body("{\"id\":4,\"name\":\"david\",\"age\":60}").post("/api/v1/data/" + table)
                .then().statusCode(200);
        rows(table).body("total", equalTo(4)).body("hits.id", equalTo(List.of(1, 2, 3, 4)))
                .body("hits.level", equalTo(Arrays.asList("gold", "gold", "gold", null)));
        Api.search("{\"from\":\"" + table + "\",\"where\":{\"level\":null}}").statusCode(200)
                .body("total", equalTo(1)).body("hits[0].id", equalTo(4));
    }

    @Test
    void aWholeSchemaPutThatLeavesATableAsItIsKeepsItsRowsAfterColumnChanges() {
        String table = createTable(true);
        putColumn(table, "level", "{\"type\":\"String\",\"nullable\":true,\"value\":\"gold\"}").statusCode(200);
        writer().delete("/api/v1/schema/" + table + "/note").then().statusCode(200);
        String before = rowsAsRead(table);
        String database = reader().get("/api/v1/schema").then().statusCode(200).extract().asString();
        writer().contentType("application/json").body(database).put("/api/v1/schema").then().statusCode(200);
        assertThat(rowsAsRead(table)).isEqualTo(before);
        rows(table).body("total", equalTo(3)).body("hits.level", equalTo(List.of("gold", "gold", "gold")));
    }
}
