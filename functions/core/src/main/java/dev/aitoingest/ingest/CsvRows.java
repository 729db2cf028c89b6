package dev.aitoingest.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.aitoingest.Json;
import dev.aitoingest.RowError;
import dev.aitoingest.ServiceException;
import dev.aitoingest.schema.ColumnType;
import dev.aitoingest.schema.JsonKinds;
import dev.aitoingest.schema.RowValidator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Turns CSV records into rows typed by the table's schema, then hands them to the one validator
 * and on, as JSON rows, to the same sinks as every other upload path. A cell becomes the JSON
 * value its column's type reads: a number for Int, Long and Decimal when it is written as one,
 * {@code true}/{@code false} in any case for Boolean, the parsed value for Json, a string for
 * String and Text; a cell that is not what its column needs becomes a string, so the validator
 * refuses it in its own words ({@code expected Int, got String "twelve"}). An empty unquoted cell
 * is null; an empty quoted cell the empty string. Errors name the physical line where the record
 * starts.
 */
public final class CsvRows {

    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);

    private static final int NOT_A_NUMBER = -1;
    private static final int NUMBER_START = 0;
    private static final int AFTER_MINUS = 1;
    private static final int AFTER_ZERO = 2;
    private static final int IN_INTEGER = 3;
    private static final int AFTER_POINT = 4;
    private static final int IN_FRACTION = 5;
    private static final int AFTER_E = 6;
    private static final int AFTER_E_SIGN = 7;
    private static final int IN_EXPONENT = 8;

    private final CsvHeader header;
    private final RowValidator validator;
    private final RowOutlet outlet;
    private byte[] row = new byte[1024];
    private int length;
    /** A Json cell is written as sent, and JSON may have line breaks between its tokens. */
    private boolean mayBreakLines;
    private final boolean countFields;
    private final RowFeed feed = new RowFeed();
    private JsonParser parser;

    public CsvRows(CsvHeader header, RowValidator validator, RowSink sink, RejectedRows rejected) {
        this.header = header;
        this.validator = validator;
        this.outlet = new RowOutlet(sink, rejected);
        this.countFields = !header.complete() && Arrays.asList(header.types()).contains(ColumnType.JSON);
    }

    /** A batch or stream body: a header row, then one row per record. Returns the number of rows. */
    public static long read(byte[] body, CsvFormat format, RowValidator validator, RowSink sink, RejectedRows rejected) {
        try (CsvRecords records = new CsvRecords(new ByteArrayInputStream(body), format, 0, 0)) {
            CsvRows rows = new CsvRows(CsvHeader.read(records, validator.schema()), validator, sink, rejected);
            long count = 0;
            while (records.next()) {
                if (rows.accept(records)) {
                    count++;
                }
            }
            return count;
        } catch (MalformedUploadException e) {
            RowError error = RowError.atLine(e.line(), null, e.problem());
            throw ServiceException.invalidRows(error.message(), List.of(error), 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Handles the current record; true when it was a row (valid or not), false when the line was blank. */
    public boolean accept(CsvRecords records) {
        if (records.isBlank()) {
            return false;
        }
        RowValidator.Problem problem;
        if (records.cellCount() != header.size()) {
            problem = new RowValidator.Problem(null, "the record has " + cells(records.cellCount()) + "; the header has " + header.size());
        } else {
            convert(records);
            problem = check(records);
        }
        if (problem == null) {
            problem = RowLimits.tooLong(length);
        }
        if (problem == null) {
            outlet.valid(row, 0, length, mayBreakLines);
        } else {
            byte[] text = records.text();
            outlet.invalid(RowError.atLine(records.line(), problem.column(), problem.message()), text, 0, text.length);
        }
        return true;
    }

    /** Writes the record as a JSON row, each cell as the JSON value its column's type reads it as. */
    private void convert(CsvRecords records) {
        length = 0;
        mayBreakLines = false;
        put((byte) '{');
        for (int i = 0; i < header.size(); i++) {
            if (i > 0) {
                put((byte) ',');
            }
            put(header.keys()[i]);
            String cell = records.cell(i);
            if (cell == null) {
                put(NULL);
                continue;
            }
            switch (header.types()[i]) {
                case INT, LONG, DECIMAL -> {
                    if (!putNumber(cell)) {
                        putString(cell);
                    }
                }
                case BOOLEAN -> {
                    if (cell.equalsIgnoreCase("true")) {
                        put(TRUE);
                    } else if (cell.equalsIgnoreCase("false")) {
                        put(FALSE);
                    } else {
                        putString(cell);
                    }
                }
                case JSON -> {
                    if (cell.isEmpty()) {
                        putString(cell);
                    } else {
                        // as sent: check() makes sure it was one JSON value
                        put(cell.getBytes(StandardCharsets.UTF_8));
                        mayBreakLines |= cell.indexOf('\n') >= 0 || cell.indexOf('\r') >= 0;
                    }
                }
                case STRING, TEXT -> putString(cell);
            }
        }
        put((byte) '}');
    }

    /**
     * Validates the row. Json cells went in as sent, so the row must also be exactly one object of
     * exactly the header's fields: a cell that is not one JSON value either breaks the row or adds
     * to it, and is then found and named. A field added can only be a column the header left out
     * (any other is a duplicate or not a column), so the fields are counted only when there are such.
     * One parser reads the rows one after another, as a stream of JSON values: a parser made for
     * each row would cost about as much as the check itself. A row that breaks it ends it.
     */
    private RowValidator.Problem check(CsvRecords records) {
        // proved valid without the parser only when the header names every column: then a field a
        // Json cell adds is a duplicate or no column, which the direct check leaves to the parser
        if (!countFields && validator.acceptsDirectly(row, 0, length)) {
            return null;
        }
        RowValidator.Problem problem = null;
        boolean oneObject = false;
        JsonProcessingException broken = null;
        try {
            if (parser == null) {
                feed.restart();
                feed.next(row, 0, length);
                parser = Json.FACTORY.createParser(feed);
            } else {
                feed.next(row, 0, length);
            }
            JsonParser p = countFields ? new FieldCounter(parser) : parser;
            p.nextToken();
            problem = validator.validate(p);
            oneObject = parser.currentLocation().getByteOffset() == feed.fed()
                    && (problem != null || !countFields || ((FieldCounter) p).fields == header.size());
        } catch (JsonProcessingException e) {
            // most likely a Json cell broke the row: looked for below
            broken = e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (problem == null && oneObject) {
            return null;
        }
        if (!oneObject) {
            // what is left of this row must not be read as the next one
            parser = null;
        }
        RowValidator.Problem badCell = badJsonCell(records);
        if (badCell != null) {
            return badCell;
        }
        if (!oneObject) {
            // a value past the parser's limits (a number of over 1,000 digits)
            return new RowValidator.Problem(null, "the row cannot be read: "
                    + (broken == null ? "its cells do not make one JSON object" : CsvRecords.firstLine(broken.getOriginalMessage())));
        }
        return problem;
    }

    /** The first Json cell that is not one JSON value, or null. */
    private RowValidator.Problem badJsonCell(CsvRecords records) {
        for (int i = 0; i < header.size(); i++) {
            String cell = records.cell(i);
            if (header.types()[i] == ColumnType.JSON && cell != null && !cell.isEmpty() && !isOneJsonValue(cell)) {
                return new RowValidator.Problem(header.names()[i], "expected Json, got " + JsonKinds.string(cell)
                        + ", which does not parse as JSON");
            }
        }
        return null;
    }

    /** Counts the fields of the row as the validator reads them: it reads nested values by skipping them. */
    private static final class FieldCounter extends JsonParserDelegate {
        int fields;

        FieldCounter(JsonParser row) {
            super(row);
        }

        @Override
        public JsonToken nextToken() throws IOException {
            JsonToken token = delegate.nextToken();
            if (token == JsonToken.FIELD_NAME) {
                fields++;
            }
            return token;
        }
    }

    private static String cells(int count) {
        return count == 1 ? "1 cell" : count + " cells";
    }

    /**
     * Writes the cell as a number when it is one in JSON's grammar, strictly: no sign but minus, no
     * leading zeros, no blanks, digits on both sides of a point. False (nothing written) otherwise.
     * One pass: the state is where in the grammar the characters so far have led.
     */
    private boolean putNumber(String cell) {
        int n = cell.length();
        ensure(n);
        int start = length;
        int state = NUMBER_START;
        for (int i = 0; i < n && state != NOT_A_NUMBER; i++) {
            char c = cell.charAt(i);
            boolean digit = c >= '0' && c <= '9';
            boolean exponent = c == 'e' || c == 'E';
            state = switch (state) {
                case NUMBER_START -> c == '-' ? AFTER_MINUS : c == '0' ? AFTER_ZERO : digit ? IN_INTEGER : NOT_A_NUMBER;
                case AFTER_MINUS -> c == '0' ? AFTER_ZERO : digit ? IN_INTEGER : NOT_A_NUMBER;
                case AFTER_ZERO -> c == '.' ? AFTER_POINT : exponent ? AFTER_E : NOT_A_NUMBER;
                case IN_INTEGER -> digit ? IN_INTEGER : c == '.' ? AFTER_POINT : exponent ? AFTER_E : NOT_A_NUMBER;
                case AFTER_POINT -> digit ? IN_FRACTION : NOT_A_NUMBER;
                case IN_FRACTION -> digit ? IN_FRACTION : exponent ? AFTER_E : NOT_A_NUMBER;
                case AFTER_E -> digit ? IN_EXPONENT : c == '+' || c == '-' ? AFTER_E_SIGN : NOT_A_NUMBER;
                default -> digit ? IN_EXPONENT : NOT_A_NUMBER;
            };
            row[length++] = (byte) c;
        }
        if (state == AFTER_ZERO || state == IN_INTEGER || state == IN_FRACTION || state == IN_EXPONENT) {
            return true;
        }
        length = start;
        return false;
    }

    private static boolean isOneJsonValue(String text) {
        try (JsonParser p = Json.FACTORY.createParser(text)) {
            if (p.nextToken() == null) {
                return false;
            }
            p.skipChildren();
            return p.nextToken() == null;
        } catch (JsonProcessingException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON string; printable ASCII goes as it is, anything else through Jackson's escaping. */
    private void putString(String cell) {
        int n = cell.length();
        ensure(n + 2);
        int start = length;
        row[length++] = '"';
        for (int i = 0; i < n; i++) {
            char c = cell.charAt(i);
            if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
                length = start;
                put((byte) '"');
                put(JsonStringEncoder.getInstance().quoteAsUTF8(cell));
                put((byte) '"');
                return;
            }
            row[length++] = (byte) c;
        }
        row[length++] = '"';
    }

    private void ensure(int more) {
        if (length + more > row.length) {
            row = Arrays.copyOf(row, Math.max(length + more, row.length * 2));
        }
    }

    private void put(byte b) {
        if (length == row.length) {
            row = Arrays.copyOf(row, row.length * 2);
        }
        row[length++] = b;
    }

    private void put(byte[] bytes) {
        if (length + bytes.length > row.length) {
            row = Arrays.copyOf(row, Math.max(length + bytes.length, row.length * 2));
        }
        System.arraycopy(bytes, 0, row, length, bytes.length);
        length += bytes.length;
    }
}
