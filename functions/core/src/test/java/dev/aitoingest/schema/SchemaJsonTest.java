package dev.aitoingest.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aitoingest.Json;
import dev.aitoingest.ServiceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SchemaJsonTest {

    @Test
    void seedExampleIsNormalised() throws Exception {
        var tables = SchemaJson.readDatabase(Json.MAPPER.readTree("{\"schema\":{\"customers\":{\"columns\":{"
                + "\"name\":{\"type\":\"String\"},\"id\":{\"type\":\"int\"},"
                + "\"tags\":{\"type\":\"Text\",\"analyzer\":\"Whitespace\"}}}}}"));
        assertThat(SchemaJson.writeDatabase(tables).toString()).isEqualTo("{\"schema\":{\"customers\":{\"type\":\"table\","
                + "\"columns\":{\"id\":{\"type\":\"Int\",\"nullable\":false},\"name\":{\"type\":\"String\",\"nullable\":false},"
                + "\"tags\":{\"type\":\"Text\",\"nullable\":false,\"analyzer\":\"Whitespace\"}}}}}");
    }

    @Test
    void analyzerObjectsAreKeptAsGiven() throws Exception {
        String analyzer = "{\"type\":\"char-ngram\",\"minGram\":2,\"maxGram\":3}";
        var column = SchemaJson.readColumn("t", "c", Json.MAPPER.readTree("{\"type\":\"Text\",\"analyzer\":" + analyzer + "}"));
        assertThat(SchemaJson.writeColumn(column).get("analyzer").toString()).isEqualTo(analyzer);
    }

    @Test
    void linksMustNameAnExistingTableAndColumn() throws Exception {
        String good = "{\"schema\":{\"a\":{\"columns\":{\"id\":{\"type\":\"Int\"}}},"
                + "\"b\":{\"columns\":{\"a\":{\"type\":\"Int\",\"link\":\"a.id\"}}}}}";
        assertThat(SchemaJson.readDatabase(Json.MAPPER.readTree(good))).containsKeys("a", "b");
        assertThatThrownBy(() -> SchemaJson.readDatabase(Json.MAPPER.readTree(good.replace("a.id", "a.nope"))))
                .isInstanceOf(ServiceException.class).hasMessageContaining("links to a.nope");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\":\"Integer\"}", "{\"type\":\"Int\",\"analyzer\":\"english\"}", "{\"type\":\"Int\",\"nullable\":\"yes\"}",
        "{\"type\":\"Text\",\"analyzer\":{\"type\":\"char-ngram\",\"minGram\":3,\"maxGram\":2}}", "{}", "[]",
        "{\"type\":\"Int\",\"colour\":\"red\"}", "{\"type\":\"Int\",\"link\":\"nodot\"}"
    })
    void badColumnsAreRefused(String column) throws Exception {
        assertThatThrownBy(() -> SchemaJson.readColumn("t", "c", Json.MAPPER.readTree(column)))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.kind()).isEqualTo(ServiceException.Kind.BAD_REQUEST));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/b", "a.b", "a$b", "a\"b", "a b", "tab\there", "ctl\u0001", "nbsp\u00a0x"})
    void badNamesAreRefused(String name) {
        assertThatThrownBy(() -> Names.requireValidTable("x".repeat(101))).isInstanceOf(ServiceException.class);
        assertThatThrownBy(() -> Names.requireValidTable(name)).isInstanceOf(ServiceException.class)
                .hasMessageStartingWith("Invalid table name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"customers", "a-b_c", "Ääkköset", "x"})
    void goodNamesPass(String name) {
        Names.requireValidTable(name);
        Names.requireValidTable("y".repeat(100));
    }
}
