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
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** CSV bodies read into typed rows: conversion by the schema, line numbers, and a reader's checkpoint. */
class CsvRowsTest {

    private final RowValidator validator;
    private final List<String> stored = new ArrayList<>();
    private final List<RowError> errors = new ArrayList<>();
    private final List<String> rejectedText = new ArrayList<>();
    private final RowSink sink = (b, off, len) -> stored.add(new String(b, off, len, StandardCharsets.UTF_8));
    private final RejectedRows rejected = (error, raw, off, len) -> {
        errors.add(error);
        rejectedText.add(new String(raw, off, len, StandardCharsets.UTF_8));
    };

    CsvRowsTest() {
        TreeMap<String, ColumnSchema> columns = new TreeMap<>();
        columns.put("id", new ColumnSchema(ColumnType.INT, false, null, null));
        columns.put("big", new ColumnSchema(ColumnType.LONG, true, null, null));
        columns.put("price", new ColumnSchema(ColumnType.DECIMAL, true, null, null));
        columns.put("ok", new ColumnSchema(ColumnType.BOOLEAN, true, null, null));
        columns.put("name", new ColumnSchema(ColumnType.STRING, true, null, null));
        columns.put("tags", new ColumnSchema(ColumnType.TEXT, true, null, null));
        columns.put("extra", new ColumnSchema(ColumnType.JSON, true, null, null));
        validator = new RowValidator(new TableSchema(columns));
    }

    private long read(String csv) {
        return read(csv, CsvFormat.COMMA);
    }

    private long read(String csv, CsvFormat format) {
        return CsvRows.read(csv.getBytes(StandardCharsets.UTF_8), format, validator, sink, rejected);
    }

    @Test
    void cellsBecomeTheJsonTypesOfTheirColumns() {
        long n = read("id,big,price,ok,name,tags,extra\n"
                + "1,9007199254740993,1.50,TRUE,\"Smith, \"\"J\"\"\",london 20s,\"{\"\"a\"\": [1, 2]}\"\n"
                + "2,,-3e2,false,12,,\n");
        assertThat(errors).isEmpty();
        assertThat(n).isEqualTo(2);
        assertThat(stored).containsExactly(
                "{\"id\":1,\"big\":9007199254740993,\"price\":1.50,\"ok\":true,\"name\":\"Smith, \\\"J\\\"\",\"tags\":\"london 20s\","
                        + "\"extra\":{\"a\": [1, 2]}}",
                "{\"id\":2,\"big\":null,\"price\":-3e2,\"ok\":false,\"name\":\"12\",\"tags\":null,\"extra\":null}");
    }

    @Test
    void anEmptyQuotedCellIsAnEmptyStringAndAnEmptyUnquotedOneIsNull() {
        read("id,name,tags\n1,\"\",\n2,,\"\"\n");
        assertThat(stored).containsExactly("{\"id\":1,\"name\":\"\",\"tags\":null}", "{\"id\":2,\"name\":null,\"tags\":\"\"}");
        read("id,name\n,x\n\"\",y\n");
        assertThat(errors).extracting(RowError::message).containsExactly(
                "line 2, column 'id': expected Int, got null (the column is not nullable)",
                "line 3, column 'id': expected Int, got String \"\"");
    }

    @Test
    void valuesAreConvertedStrictly() {
        read("id,price,ok,big,extra\n"
                + "twelve,1,true,1,1\n"
                + "1.5,1,true,1,1\n"
                + "2147483648,1,true,1,1\n"
                + "+5,1,true,1,1\n"
                + "1,12 eur,true,1,1\n"
                + "1,1,yes,1,1\n"
                + "1,1,true,9223372036854775808,1\n"
                + "1,1,true,1,{not json\n"
                + " 7,1,true,1,1\n");
        assertThat(stored).isEmpty();
        assertThat(errors).extracting(RowError::message).containsExactly(
                "line 2, column 'id': expected Int, got String \"twelve\"",
                "line 3, column 'id': expected Int, got Decimal 1.5",
                "line 4, column 'id': expected Int, got Int 2147483648, outside the 32-bit range",
                "line 5, column 'id': expected Int, got String \"+5\"",
                "line 6, column 'price': expected Decimal, got String \"12 eur\"",
                "line 7, column 'ok': expected Boolean, got String \"yes\"",
                "line 8, column 'big': expected Long, got Int 9223372036854775808, outside the 64-bit range",
                "line 9, column 'extra': expected Json, got String \"{not json\", which does not parse as JSON",
                "line 10, column 'id': expected Int, got String \" 7\"");
        assertThat(rejectedText.get(0)).isEqualTo("twelve,1,true,1,1");
    }

    @Test
    void aJsonCellMustBeOneJsonValueAndCannotReachOtherColumns() {
        read("id,extra\n"
                + "1,\"2,\"\"name\"\":\"\"x\"\"\"\n"
                + "2,\"3}{\"\"ok\"\":true\"\n"
                + "3,\"[1,\n2]\"\n");
        assertThat(errors).extracting(RowError::message).containsExactly(
                "line 2, column 'extra': expected Json, got String \"2,\\\"name\\\":\\\"x\\\"\", which does not parse as JSON",
                "line 3, column 'extra': expected Json, got String \"3}{\\\"ok\\\":true\", which does not parse as JSON");
        assertThat(stored).containsExactly("{\"id\":3,\"extra\":[1, 2]}");
        read("id,big\n4," + "9".repeat(1100) + "\n5,1\n");
        assertThat(errors.get(2).message()).startsWith("line 2: the row cannot be read: Number value length (1100) exceeds");
        assertThat(stored).endsWith("{\"id\":5,\"big\":1}");
    }

    @Test
    void errorsNameTheLineWhereARecordStartsAcrossQuotedLineBreaksAndBlankLines() {
        long n = read("\uFEFFid,name,tags\r\n1,\"two\r\nlines\",a\r\n\r\n2,\"three\nmore\nlines\",b\nx,y,z\n3,c\n4,d,e,f");
        assertThat(n).isEqualTo(5);
        assertThat(stored).containsExactly("{\"id\":1,\"name\":\"two\\r\\nlines\",\"tags\":\"a\"}",
                "{\"id\":2,\"name\":\"three\\nmore\\nlines\",\"tags\":\"b\"}");
        assertThat(errors).extracting(RowError::line).containsExactly(8L, 9L, 10L);
        assertThat(errors).extracting(RowError::message).containsExactly(
                "line 8, column 'id': expected Int, got String \"x\"",
                "line 9: the record has 2 cells; the header has 3",
                "line 10: the record has 4 cells; the header has 3");
        assertThat(rejectedText).containsExactly("x,y,z", "3,c", "4,d,e,f");
    }

    @Test
    void theDelimiterIsAnOption() {
        read("id;name\n1;a,b\n", new CsvFormat(';'));
        read("id\tname\n2\t\"x\ty\"\n", CsvFormat.of("tab"));
        read("id|name\n3|c\n", CsvFormat.of("|"));
        assertThat(errors).isEmpty();
        assertThat(stored).containsExactly("{\"id\":1,\"name\":\"a,b\"}", "{\"id\":2,\"name\":\"x\\ty\"}", "{\"id\":3,\"name\":\"c\"}");
        assertThatThrownBy(() -> CsvFormat.of(":")).isInstanceOf(ServiceException.class)
                .hasMessage("Unsupported CSV delimiter \":\"; use one of , ; | or tab");
    }

    @Test
    void theHeaderMustNameColumnsOnceAndEveryNonNullableOne() {
        assertThatThrownBy(() -> read("id,nme,name,name\n1,a,b,c\n")).isInstanceOfSatisfying(ServiceException.class, e -> {
            assertThat(e.getMessage()).isEqualTo("The CSV header does not fit the table: line 1, column 'nme': not a column of "
                    + "this table (header cell 2) (and 1 more problems)");
            assertThat(e.errors()).extracting(RowError::message).containsExactly(
                    "line 1, column 'nme': not a column of this table (header cell 2)", "line 1, column 'name': appears twice in the header");
        });
        assertThatThrownBy(() -> read("name\nx\n")).isInstanceOfSatisfying(ServiceException.class, e ->
                assertThat(e.errors()).extracting(RowError::message)
                        .containsExactly("line 1, column 'id': missing from the header; expected Int (the column is not nullable)"));
        assertThatThrownBy(() -> read("")).isInstanceOf(ServiceException.class)
                .hasMessage("The CSV is empty: its first line must be a header row naming the columns");
        assertThat(read("id\n")).isZero();
    }

    @Test
    void aQuoteLeftOpenOrBytesThatAreNotUtf8StopTheReadingWithTheLine() {
        assertThatThrownBy(() -> read("id,name\n1,a\n2,\"open\n3,b\n")).isInstanceOfSatisfying(ServiceException.class, e ->
                assertThat(e.getMessage()).startsWith("line 3: malformed CSV: Missing closing quote"));
        byte[] notUtf8 = "id,name\n1,a\n2,\u00ff\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> CsvRows.read(notUtf8, CsvFormat.COMMA, validator, sink, rejected))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.getMessage()).endsWith("the CSV is not valid UTF-8"));
    }

    @Test
    void aReaderResumesAtItsCheckpointWithTheSameLinesAndBytes() throws Exception {
        String csv = "\uFEFFid,name\n1,\"caf\u00e9\r\n\u20ac\"\r\n\n2,\"\ud83d\ude00\"\n3,x";
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        List<long[]> checkpoints = new ArrayList<>();
        try (CsvRecords records = new CsvRecords(new ByteArrayInputStream(bytes), CsvFormat.COMMA, 0, 0)) {
            while (records.next()) {
                checkpoints.add(new long[] {records.line(), records.lineNumber(), records.position()});
            }
        }
        assertThat(checkpoints).extracting(c -> c[0]).containsExactly(1L, 2L, 4L, 5L, 6L);
        assertThat(checkpoints).extracting(c -> c[1]).containsExactly(1L, 3L, 4L, 5L, 6L);
        assertThat(checkpoints.get(4)[2]).isEqualTo(bytes.length);
        // from the checkpoint after the blank line, a new reader sees what the first one saw
        long[] at = checkpoints.get(2);
        InputStream rest = new ByteArrayInputStream(bytes, (int) at[2], bytes.length - (int) at[2]);
        try (CsvRecords records = new CsvRecords(rest, CsvFormat.COMMA, at[1], at[2])) {
            assertThat(records.next()).isTrue();
            assertThat(records.line()).isEqualTo(5);
            assertThat(records.cell(1)).isEqualTo("\ud83d\ude00");
            assertThat(records.position()).isEqualTo(checkpoints.get(3)[2]);
            assertThat(records.next()).isTrue();
            assertThat(new String(records.text(), StandardCharsets.UTF_8)).isEqualTo("3,x");
            assertThat(records.next()).isFalse();
        }
    }
}
