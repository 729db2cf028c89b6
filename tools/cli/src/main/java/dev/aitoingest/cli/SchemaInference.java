package dev.aitoingest.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Guesses a table schema from the first rows of a file, typing values the way the server will
 * read them: JSON values by their JSON type; CSV cells by their text, with the server's strict
 * rules (a number in JSON's grammar, so {@code 007} stays a string; {@code true}/{@code false} in
 * any case; an empty unquoted cell is null).
 */
final class SchemaInference {

    /** What one value can be stored as. */
    enum Kind { INT, LONG, DECIMAL, BOOLEAN, STRING, JSON }

    /** A column as seen so far. */
    private static final class Column {
        private final Set<Kind> kinds = EnumSet.noneOf(Kind.class);
        private long values;
        private long nulls;
        private long strings;
        private long words;

        void observe(Kind kind, String text) {
            if (kind == null) {
                nulls++;
                return;
            }
            values++;
            kinds.add(kind);
            if (kind == Kind.STRING) {
                strings++;
                words += WHITESPACE.splitAsStream(text.strip()).filter(word -> !word.isEmpty()).count();
            }
        }
    }

    /** Strings that hold, on average, this many words or more are free text. */
    static final double TEXT_WORDS = 3.0;

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern INTEGRAL = Pattern.compile("-?(0|[1-9][0-9]*)");
    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
    private static final CsvFactory CSV = CsvFactory.builder().enable(CsvParser.Feature.EMPTY_UNQUOTED_STRING_AS_NULL).build();

    private final Map<String, Column> columns = new LinkedHashMap<>();
    private final boolean cellsAreText;
    private long rows;

    private SchemaInference(boolean cellsAreText) {
        this.cellsAreText = cellsAreText;
    }

    /** The schema of the file's first {@code sampleRows} rows, and how many rows that was. */
    record Inferred(ObjectNode schema, long rows) {
    }

    static Inferred infer(InputFile file, long sampleRows) throws IOException {
        SchemaInference inference = new SchemaInference(file.format() == DataFormat.CSV);
        try (InputStream in = file.openText()) {
            switch (file.format()) {
                case CSV -> inference.readCsv(file, in, sampleRows);
                case NDJSON -> inference.readNdjson(file, in, sampleRows);
                case JSON -> inference.readJsonArray(file, in, sampleRows);
            }
        }
        if (inference.rows == 0) {
            throw new CliException(file.name() + " has no rows to infer a schema from");
        }
        return new Inferred(inference.schema(), inference.rows);
    }

    private void readCsv(InputFile file, InputStream in, long sampleRows) throws IOException {
        try (CsvParser parser = CSV.createParser(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            parser.setSchema(CsvSchema.emptySchema().withColumnSeparator(file.delimiter()).withoutEscapeChar());
            List<String> header = nextRecord(parser);
            if (header == null) {
                throw new CliException(file.name() + " has no header row");
            }
            List<String> names = new ArrayList<>();
            for (String name : header) {
                String column = name == null ? "" : name.strip().replace("\uFEFF", "");
                if (column.isEmpty() || columns.containsKey(column)) {
                    throw new CliException(file.name() + ": the header names a column twice or leaves one unnamed: " + header);
                }
                names.add(column);
                columns.put(column, new Column());
            }
            List<String> record;
            while (rows < sampleRows && (record = nextRecord(parser)) != null) {
                rows++;
                for (int i = 0; i < names.size() && i < record.size(); i++) {
                    String cell = record.get(i);
                    columns.get(names.get(i)).observe(cell == null ? null : cellKind(cell), cell);
                }
            }
        } catch (JsonProcessingException e) {
            throw new CliException(file.name() + " is not valid CSV: " + e.getOriginalMessage() + " at line " + e.getLocation().getLineNr(), e);
        }
    }

    private static List<String> nextRecord(CsvParser parser) throws IOException {
        if (parser.nextToken() == null) {
            return null;
        }
        List<String> cells = new ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY && token != null) {
            cells.add(token == JsonToken.VALUE_NULL ? null : parser.getText());
        }
        return cells;
    }

    private void readNdjson(InputFile file, InputStream in, long sampleRows) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        long lineNumber = 0;
        String line;
        while (rows < sampleRows && (line = lines.readLine()) != null) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode row;
            try {
                row = ApiClient.JSON.readTree(line);
            } catch (JsonProcessingException e) {
                throw new CliException(file.name() + ", line " + lineNumber + ": not JSON: " + e.getOriginalMessage(), e);
            }
            observeRow(file, row, "line " + lineNumber);
        }
    }

    private void readJsonArray(InputFile file, InputStream in, long sampleRows) throws IOException {
        try (JsonParser parser = ApiClient.JSON.createParser(in)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new CliException(file.name() + " is not a JSON array of rows");
            }
            while (rows < sampleRows && parser.nextToken() == JsonToken.START_OBJECT) {
                observeRow(file, parser.readValueAsTree(), "row " + rows);
            }
        } catch (JsonProcessingException e) {
            throw new CliException(file.name() + " is not valid JSON: " + e.getOriginalMessage() + " at line " + e.getLocation().getLineNr(), e);
        }
    }

    private void observeRow(InputFile file, JsonNode row, String where) {
        if (!row.isObject()) {
            throw new CliException(file.name() + ", " + where + ": a row must be a JSON object");
        }
        rows++;
        row.fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            columns.computeIfAbsent(field.getKey(), name -> new Column()).observe(valueKind(value), value.asText());
        });
    }

    static Kind valueKind(JsonNode value) {
        if (value.isNull()) {
            return null;
        }
        if (value.isInt()) {
            return Kind.INT;
        }
        if (value.isLong()) {
            return Kind.LONG;
        }
        if (value.isNumber()) {
            return Kind.DECIMAL;
        }
        if (value.isBoolean()) {
            return Kind.BOOLEAN;
        }
        if (value.isTextual()) {
            return Kind.STRING;
        }
        return Kind.JSON;
    }

    static Kind cellKind(String cell) {
        if (cell.equalsIgnoreCase("true") || cell.equalsIgnoreCase("false")) {
            return Kind.BOOLEAN;
        }
        if (INTEGRAL.matcher(cell).matches()) {
            try {
                long number = Long.parseLong(cell);
                return number == (int) number ? Kind.INT : Kind.LONG;
            } catch (NumberFormatException e) {
                return Kind.DECIMAL;
            }
        }
        if (NUMBER.matcher(cell).matches()) {
            return Kind.DECIMAL;
        }
        if (cell.startsWith("{") || cell.startsWith("[")) {
            try {
                ApiClient.JSON.readTree(cell);
                return Kind.JSON;
            } catch (JsonProcessingException e) {
                return Kind.STRING;
            }
        }
        return Kind.STRING;
    }

    private ObjectNode schema() {
        ObjectNode schema = ApiClient.JSON.createObjectNode().put("type", "table");
        ObjectNode out = schema.putObject("columns");
        columns.forEach((name, column) -> out.putObject(name).put("type", type(column))
                .put("nullable", column.nulls > 0 || column.values + column.nulls < rows));
        return schema;
    }

    private String type(Column column) {
        Set<Kind> kinds = column.kinds;
        if (kinds.isEmpty()) {
            return "String";
        }
        if (EnumSet.of(Kind.INT).containsAll(kinds)) {
            return "Int";
        }
        if (EnumSet.of(Kind.INT, Kind.LONG).containsAll(kinds)) {
            return "Long";
        }
        if (EnumSet.of(Kind.INT, Kind.LONG, Kind.DECIMAL).containsAll(kinds)) {
            return "Decimal";
        }
        if (kinds.equals(EnumSet.of(Kind.BOOLEAN))) {
            return "Boolean";
        }
        boolean strings = kinds.contains(Kind.STRING);
        // a CSV cell is text, so a String column takes any of them; a JSON value of another type needs a Json column
        if (strings && (kinds.size() == 1 || cellsAreText)) {
            return (double) column.words / column.strings >= TEXT_WORDS ? "Text" : "String";
        }
        return "Json";
    }
}
