package dev.aitoingest.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aitoingest.RowError;
import dev.aitoingest.ServiceException;
import dev.aitoingest.schema.ColumnSchema;
import dev.aitoingest.schema.ColumnType;
import dev.aitoingest.schema.RowValidator;
import dev.aitoingest.schema.TableSchema;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Batch (JSON array) and stream (NDJSON) readers over the customers table of the seed. */
class RowReadersTest {

    private final RowValidator validator;
    private final List<String> stored = new ArrayList<>();
    private final List<RowError> errors = new ArrayList<>();
    private final RowSink sink = (b, off, len) -> stored.add(new String(b, off, len, StandardCharsets.UTF_8));
    private final RejectedRows rejected = (error, raw, off, len) -> errors.add(error);

    RowReadersTest() {
        TreeMap<String, ColumnSchema> columns = new TreeMap<>();
        columns.put("id", new ColumnSchema(ColumnType.INT, false, null, null));
        columns.put("name", new ColumnSchema(ColumnType.STRING, false, null, null));
        columns.put("tags", new ColumnSchema(ColumnType.TEXT, true, null, null));
        validator = new RowValidator(new TableSchema(columns));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void batchHandsOnEachRowsOwnBytes() {
        long n = JsonArrayRows.read(utf8("[ {\"id\":0, \"name\":\"anne\", \"tags\":\"london 20s\"},\n {\"name\":\"bob\",\"id\":1} ]"),
                validator, sink, rejected);
        assertThat(n).isEqualTo(2);
        assertThat(errors).isEmpty();
        assertThat(stored).containsExactly("{\"id\":0, \"name\":\"anne\", \"tags\":\"london 20s\"}", "{\"name\":\"bob\",\"id\":1}");
    }

    @Test
    void rowsReachTheSinkOnOneLine() throws Exception {
        JsonArrayRows.read(utf8("[{\"id\":0,\n \"name\":\"a\"}]"), validator, sink, rejected);
        NdjsonLines lines = new NdjsonLines(new ByteArrayInputStream(utf8("{\"id\":1,\r\"name\":\"b\"}\r\n")), 100);
        NdjsonRows rows = new NdjsonRows(validator, sink, rejected);
        while (lines.next()) {
            rows.accept(lines);
        }
        assertThat(stored).containsExactly("{\"id\":0,  \"name\":\"a\"}", "{\"id\":1, \"name\":\"b\"}");
    }

    @Test
    void batchReportsEveryBadRowByIndex() {
        JsonArrayRows.read(utf8("[{\"id\":\"x\",\"name\":\"a\"},{\"id\":1,\"name\":\"b\"},{\"id\":2},{\"id\":3,\"name\":\"c\",\"age\":4}]"),
                validator, sink, rejected);
        assertThat(errors).containsExactly(
                new RowError(0L, null, "id", "row 0, column 'id': expected Int, got String \"x\""),
                new RowError(2L, null, "name", "row 2, column 'name': missing; expected String (the column is not nullable)"),
                new RowError(3L, null, "age", "row 3, column 'age': not a column of this table"));
    }

    @Test
    void batchBodiesThatAreNotArraysOrNotJsonAreRefusedWhole() {
        assertThatThrownBy(() -> JsonArrayRows.read(utf8("{\"id\":1}"), validator, sink, rejected))
                .hasMessage("The body must be a JSON array of rows, got an object");
        assertThatThrownBy(() -> JsonArrayRows.read(utf8("[{\"id\":1,"), validator, sink, rejected))
                .isInstanceOf(ServiceException.class).hasMessageStartingWith("Malformed JSON at line 1");
        assertThatThrownBy(() -> JsonArrayRows.read(utf8("[] []"), validator, sink, rejected))
                .hasMessageStartingWith("Unexpected content after the JSON array");
        byte[] badUtf8 = {'[', '{', '"', 'i', 'd', '"', ':', '1', ',', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xff, '"', '}', ']'};
        assertThatThrownBy(() -> JsonArrayRows.read(badUtf8, validator, sink, rejected))
                .isInstanceOf(ServiceException.class).hasMessageContaining("UTF-8");
    }

    @Test
    void streamCountsBlankLinesAndReportsPhysicalLines() throws Exception {
        String body = "{\"id\":0,\"name\":\"anne\"}\n\n{\"id\":1.5,\"name\":\"bob\"}\r\nnot json\n{\"id\":2,\"name\":\"c\"} {}\n{\"id\":3,\"name\":\"d\"}";
        NdjsonLines lines = new NdjsonLines(new ByteArrayInputStream(utf8(body)), RowLimits.MAX_ROW_BYTES);
        NdjsonRows rows = new NdjsonRows(validator, sink, rejected);
        while (lines.next()) {
            rows.accept(lines);
        }
        assertThat(stored).containsExactly("{\"id\":0,\"name\":\"anne\"}", "{\"id\":3,\"name\":\"d\"}");
        assertThat(errors).extracting(RowError::line).containsExactly(3L, 4L, 5L);
        assertThat(errors.get(0).message()).isEqualTo("line 3, column 'id': expected Int, got Decimal 1.5");
        assertThat(errors.get(1).message()).startsWith("line 4: Malformed JSON at column 1");
        assertThat(errors.get(2).message()).isEqualTo("line 5: unexpected content after the row; put one row on each line");
    }

    @Test
    void firstRowErrorsListsFiftyAndCountsAll() {
        FirstRowErrors first = new FirstRowErrors();
        for (int i = 0; i < 120; i++) {
            first.reject(RowError.atRow(i, "id", "bad"), new byte[0], 0, 0);
        }
        ServiceException e = first.toException();
        assertThat(e.errors()).hasSize(50);
        assertThat(e.errorCount()).isEqualTo(120);
        assertThat(e.getMessage()).isEqualTo("row 0, column 'id': bad (and 119 more invalid rows)");
    }

    /**
     * One parser reads a stream's lines one after another; whatever a line leaves it in (a bare
     * number that looked ahead, a second value, a syntax error, a string cut off), every line is
     * judged exactly as a reader that sees it alone judges it.
     */
    @Test
    void streamLinesAreJudgedAsIfEachWereAlone() throws Exception {
        List<String> tricky = List.of("{\"id\":1,\"name\":\"a\"}", "{\"id\":2,\"name\":\"b\"}   \t", "5", "true", "\"x\"", "[1,2]",
                "{\"id\":3,\"name\":\"c\"}{\"id\":4,\"name\":\"d\"}", "{\"id\":", "{\"id\":5,\"name\":\"e", "null",
                "{\"id\":6,\"name\":\"f\",\"tags\":null} 7", "  {\"name\":\"g\",\"id\":7}", "{\"id\":\"8\",\"name\":\"h\"}",
                "{}", "{\"id\":9,\"name\":\"i\",\"x\":{\"deep\":[1,{\"a\":2}]}}", "-", "12345678901234567890", "{\"id\":10,\"name\":\"j\"}");
        java.util.Random random = new java.util.Random(7);
        for (int round = 0; round < 200; round++) {
            List<String> order = new ArrayList<>(tricky);
            java.util.Collections.shuffle(order, random);
            String body = String.join("\n", order);

            stored.clear();
            errors.clear();
            NdjsonLines lines = new NdjsonLines(new ByteArrayInputStream(utf8(body)), RowLimits.MAX_ROW_BYTES);
            NdjsonRows together = new NdjsonRows(validator, sink, rejected);
            while (lines.next()) {
                together.accept(lines);
            }
            List<String> storedTogether = new ArrayList<>(stored);
            List<RowError> errorsTogether = new ArrayList<>(errors);

            stored.clear();
            errors.clear();
            NdjsonLines alone = new NdjsonLines(new ByteArrayInputStream(utf8(body)), RowLimits.MAX_ROW_BYTES);
            while (alone.next()) {
                new NdjsonRows(validator, sink, rejected).accept(alone);
            }
            assertThat(storedTogether).as(body).isEqualTo(stored).hasSize(4);
            assertThat(errorsTogether).as(body).isEqualTo(errors).hasSize(tricky.size() - 4);
        }
    }
}
