package dev.aitoingest.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.aitoingest.Json;
import dev.aitoingest.RowError;
import dev.aitoingest.ServiceException;
import dev.aitoingest.schema.ColumnType;
import dev.aitoingest.schema.JsonKinds;
import dev.aitoingest.schema.RowValidator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
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

    private final CsvHeader header;
    private final RowValidator validator;
    private final RowOutlet outlet;
    private byte[] row = new byte[1024];
    private int length;
    /** A Json cell is written as sent, and JSON may have line breaks between its tokens. */
    private boolean mayBreakLines;

    public CsvRows(CsvHeader header, RowValidator validator, RowSink sink, RejectedRows rejected) {
        this.header = header;
        this.validator = validator;
        this.outlet = new RowOutlet(sink, rejected);
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
        RowValidator.Problem problem = records.cellCount() != header.size()
                ? new RowValidator.Problem(null, "the record has " + cells(records.cellCount()) + "; the header has " + header.size())
                : convert(records);
        if (problem == null) {
            problem = check();
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

    /** Writes the record as a JSON row; a Json cell that does not parse is the one problem found here. */
    private RowValidator.Problem convert(CsvRecords records) {
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
            ColumnType type = header.types()[i];
            switch (type) {
                case INT, LONG, DECIMAL -> {
                    if (isJsonNumber(cell)) {
                        put(cell.getBytes(StandardCharsets.US_ASCII));
                    } else {
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
                    } else if (isOneJsonValue(cell)) {
                        put(cell.getBytes(StandardCharsets.UTF_8));
                        mayBreakLines = true;
                    } else {
                        return new RowValidator.Problem(header.names()[i], "expected Json, got " + JsonKinds.string(cell)
                                + ", which does not parse as JSON");
                    }
                }
                case STRING, TEXT -> putString(cell);
            }
        }
        put((byte) '}');
        return null;
    }

    private RowValidator.Problem check() {
        try (JsonParser p = Json.FACTORY.createParser(row, 0, length)) {
            p.nextToken();
            return validator.validate(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String cells(int count) {
        return count == 1 ? "1 cell" : count + " cells";
    }

    /** JSON's number grammar, strictly: no sign but minus, no leading zeros, no blanks, digits on both sides of a point. */
    static boolean isJsonNumber(String s) {
        int n = s.length();
        int i = 0;
        if (i < n && s.charAt(i) == '-') {
            i++;
        }
        if (i >= n) {
            return false;
        }
        if (s.charAt(i) == '0') {
            i++;
        } else if (isDigit(s, i)) {
            while (isDigit(s, i)) {
                i++;
            }
        } else {
            return false;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            if (!isDigit(s, i)) {
                return false;
            }
            while (isDigit(s, i)) {
                i++;
            }
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            if (!isDigit(s, i)) {
                return false;
            }
            while (isDigit(s, i)) {
                i++;
            }
        }
        return i == n;
    }

    private static boolean isDigit(String s, int i) {
        return i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9';
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

    private void putString(String cell) {
        put((byte) '"');
        put(JsonStringEncoder.getInstance().quoteAsUTF8(cell));
        put((byte) '"');
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
