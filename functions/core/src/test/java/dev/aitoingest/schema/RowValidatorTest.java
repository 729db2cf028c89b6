package dev.aitoingest.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import dev.aitoingest.Json;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RowValidatorTest {

    private static RowValidator validator(ColumnType type, boolean nullable) {
        TreeMap<String, ColumnSchema> columns = new TreeMap<>();
        columns.put("v", new ColumnSchema(type, nullable, null, null));
        return new RowValidator(new TableSchema(columns));
    }

    private static RowValidator.Problem check(RowValidator validator, String row) throws Exception {
        try (JsonParser p = Json.FACTORY.createParser(row)) {
            p.nextToken();
            RowValidator.Problem problem = validator.validate(p);
            assertThat(p.nextToken()).as("parser left after the row").isNull();
            return problem;
        }
    }

    @ParameterizedTest(name = "{0} accepts {1}")
    @CsvSource(delimiter = '|', value = {
        "BOOLEAN|true", "BOOLEAN|false",
        "INT|0", "INT|-2147483648", "INT|2147483647",
        "LONG|2147483648", "LONG|-9223372036854775808", "LONG|9223372036854775807",
        "DECIMAL|1", "DECIMAL|1.50", "DECIMAL|-3e10", "DECIMAL|123456789012345678901234567890",
        "STRING|\"\"", "STRING|\"anne\"", "TEXT|\"london 20s\"",
        "JSON|{\"a\":[1,{\"b\":null}]}", "JSON|[1,2]", "JSON|\"x\"", "JSON|3.5", "JSON|true"
    })
    void acceptsEachTypesValues(ColumnType type, String value) throws Exception {
        assertThat(check(validator(type, false), "{\"v\":" + value + "}")).isNull();
    }

    @ParameterizedTest(name = "{0} refuses {1}")
    @CsvSource(delimiter = '|', value = {
        "BOOLEAN|\"true\"|expected Boolean, got String \"true\"",
        "BOOLEAN|1|expected Boolean, got Int 1",
        "INT|\"12\"|expected Int, got String \"12\"",
        "INT|1.0|expected Int, got Decimal 1.0",
        "INT|2147483648|expected Int, got Int 2147483648, outside the 32-bit range",
        "INT|-2147483649|expected Int, got Int -2147483649, outside the 32-bit range",
        "LONG|9223372036854775808|expected Long, got Int 9223372036854775808, outside the 64-bit range",
        "LONG|1.5|expected Long, got Decimal 1.5",
        "DECIMAL|\"twelve\"|expected Decimal, got String \"twelve\"",
        "STRING|12|expected String, got Int 12",
        "TEXT|{}|expected Text, got Object",
        "STRING|[\"a\"]|expected String, got Array",
        "INT|null|expected Int, got null (the column is not nullable)",
        "JSON|null|expected Json, got null (the column is not nullable)"
    })
    void refusesWrongTypesWithTheValueInTheMessage(ColumnType type, String value, String message) throws Exception {
        RowValidator.Problem problem = check(validator(type, false), "{\"v\":" + value + "}");
        assertThat(problem).isEqualTo(new RowValidator.Problem("v", message));
    }

    @Test
    void nullableColumnsMayBeNullOrMissing() throws Exception {
        RowValidator validator = validator(ColumnType.INT, true);
        assertThat(check(validator, "{\"v\":null}")).isNull();
        assertThat(check(validator, "{}")).isNull();
    }

    @Test
    void missingNonNullableColumnIsNamed() throws Exception {
        assertThat(check(validator(ColumnType.STRING, false), "{}"))
                .isEqualTo(new RowValidator.Problem("v", "missing; expected String (the column is not nullable)"));
    }

    @Test
    void unknownAndDuplicateColumnsAreRefused() throws Exception {
        RowValidator validator = validator(ColumnType.INT, false);
        assertThat(check(validator, "{\"v\":1,\"extra\":{\"deep\":[1]},\"more\":2}"))
                .isEqualTo(new RowValidator.Problem("extra", "not a column of this table"));
        assertThat(check(validator, "{\"v\":1,\"v\":2}"))
                .isEqualTo(new RowValidator.Problem("v", "appears twice in the row"));
    }

    @Test
    void aRowMustBeAnObject() throws Exception {
        RowValidator validator = validator(ColumnType.INT, false);
        assertThat(check(validator, "[{\"v\":1}]").message()).isEqualTo("expected a JSON object, got Array");
        assertThat(check(validator, "\"v\"").message()).isEqualTo("expected a JSON object, got String \"v\"");
        assertThat(check(validator, "null").message()).isEqualTo("expected a JSON object, got null");
    }

    @Test
    void longStringsAreShortenedInMessages() throws Exception {
        String value = "x".repeat(500);
        String message = check(validator(ColumnType.INT, false), "{\"v\":\"" + value + "\"}").message();
        assertThat(message).startsWith("expected Int, got String \"xxx").endsWith("...\"").hasSizeLessThan(120);
    }
}
