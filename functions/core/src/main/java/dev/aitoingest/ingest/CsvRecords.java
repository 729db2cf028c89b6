package dev.aitoingest.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads CSV records one at a time, streaming, with Jackson's CSV parser (RFC 4180: a quoted cell
 * may hold the delimiter, doubled quotes and line breaks; lines end with {@code \n} or
 * {@code \r\n}), and keeps what errors and a file job's checkpoint need: the physical line where
 * each record starts, the lines and bytes read through it, and its text as sent. The input must be
 * UTF-8; a byte order mark at the start is skipped. An empty unquoted cell reads as null, an empty
 * quoted one as the empty string.
 */
public final class CsvRecords implements Closeable {

    private static final CsvFactory FACTORY = CsvFactory.builder()
            .enable(CsvParser.Feature.EMPTY_UNQUOTED_STRING_AS_NULL)
            .build();

    /** Longer than this, a record stops the reading: a quote left open would otherwise swallow the rest of the input. */
    static final int MAX_RECORD_CHARS = 4 * RowLimits.MAX_ROW_BYTES;

    private final RecordingReader input;
    private final CsvParser parser;
    private String[] cells = new String[16];
    private int cellCount;
    /** Lines and bytes read through the current record (before the first one: those before the reader's start). */
    private long lines;
    private long position;
    /** Where the current record starts and ends, in characters of the input. */
    private long start;
    private long end;
    private long startLine;

    /**
     * Reads from {@code in}, which starts after {@code linesBefore} lines and {@code bytesBefore}
     * bytes of the file (a checkpoint); a byte order mark is looked for only at the file's start.
     */
    public CsvRecords(InputStream in, CsvFormat format, long linesBefore, long bytesBefore) throws IOException {
        Reader utf8 = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
        this.input = new RecordingReader(utf8, bytesBefore == 0);
        this.parser = FACTORY.createParser(input);
        parser.setSchema(CsvSchema.emptySchema().withColumnSeparator(format.delimiter()).withoutEscapeChar());
        this.lines = linesBefore;
        this.position = bytesBefore;
    }

    /**
     * Reads the next record; false at the end of the input. Input that cannot be read on is a
     * {@link MalformedUploadException}; the stream's own failures (a damaged gzip) pass as they are.
     */
    public boolean next() throws IOException {
        start = end;
        startLine = lines + 1;
        input.keepFrom(start);
        cellCount = 0;
        try {
            JsonToken token = parser.nextToken();
            if (token == null) {
                return false;
            }
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                if (cellCount == cells.length) {
                    cells = Arrays.copyOf(cells, cellCount * 2);
                }
                cells[cellCount++] = token == JsonToken.VALUE_NULL ? null : parser.getText();
            }
            // after a record's end the parser stands just past its line break, or at the end of the input
            end = input.atEnd() ? input.delivered() : parser.currentLocation().getCharOffset() + 1;
        } catch (CharacterCodingException e) {
            throw new MalformedUploadException(startLine, "the CSV is not valid UTF-8", e);
        } catch (RecordTooLongException e) {
            throw new MalformedUploadException(startLine, "the record runs past " + MAX_RECORD_CHARS
                    + " characters (is a quote left open?); a row may be at most " + RowLimits.MAX_ROW_BYTES + " bytes", e);
        } catch (JsonProcessingException e) {
            throw new MalformedUploadException(startLine, "malformed CSV: " + firstLine(e.getOriginalMessage()), e);
        }
        count();
        return true;
    }

    /** Counts the bytes and line breaks of the record just read; the last line of a file may end without one. */
    private void count() {
        char[] chars = input.chars();
        int from = input.indexOf(start);
        int to = input.indexOf(end);
        // a byte a character, and more for the wider ones below
        long bytes = to - from;
        long breaks = 0;
        for (int i = from; i < to; i++) {
            char c = chars[i];
            // one test for the common case: ASCII past the line breaks (14 to 127)
            if ((char) (c - 14) < 0x80 - 14) {
                continue;
            }
            if (c == '\n') {
                if (i == from || chars[i - 1] != '\r') {
                    breaks++;
                }
            } else if (c == '\r') {
                breaks++;
            } else if (c >= 0x80) {
                // a surrogate pair is one 4-byte character
                bytes += c < 0x800 || Character.isSurrogate(c) ? 1 : 2;
            }
        }
        if (to > from && chars[to - 1] != '\n' && chars[to - 1] != '\r') {
            breaks++;
        }
        position += bytes + input.takeSkippedBytes();
        lines += breaks;
    }

    public int cellCount() {
        return cellCount;
    }

    /** The cell's text; null for an empty unquoted cell. */
    public String cell(int index) {
        return cells[index];
    }

    /** A line with nothing on it: it holds no row, but keeps its line number. */
    public boolean isBlank() {
        return cellCount == 1 && cells[0] == null;
    }

    /** The physical 1-based line where the current record starts. */
    public long line() {
        return startLine;
    }

    /** Physical lines read through the current record. */
    public long lineNumber() {
        return lines;
    }

    /** Bytes of the file read through the current record. */
    public long position() {
        return position;
    }

    /** The current record as sent, without its line break: a failing row is shown as this text. */
    public byte[] text() {
        char[] chars = input.chars();
        int from = input.indexOf(start);
        int to = input.indexOf(end);
        while (to > from && (chars[to - 1] == '\n' || chars[to - 1] == '\r')) {
            to--;
        }
        return new String(chars, from, to - from).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }

    static String firstLine(String message) {
        if (message == null) {
            return "unreadable input";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** The reading stopped inside a record that grew past {@link #MAX_RECORD_CHARS}. */
    private static final class RecordTooLongException extends IOException {
        RecordTooLongException() {
            super("record too long", null);
        }
    }

    /**
     * The characters the parser reads, kept from the current record's start: the parser reads
     * ahead, and a record's text and size are taken from here once it is read.
     */
    private static final class RecordingReader extends Reader {
        private final Reader in;
        private boolean atFileStart;
        private long skippedBytes;
        private char[] kept = new char[64 * 1024];
        /** The input offset of {@code kept[0]}, how many characters are kept, and from where they must stay. */
        private long base;
        private int size;
        private long keepFrom;
        private boolean ended;

        RecordingReader(Reader in, boolean atFileStart) {
            this.in = in;
            this.atFileStart = atFileStart;
        }

        @Override
        public int read(char[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (atFileStart && n > 0) {
                atFileStart = false;
                if (buffer[offset] == '\uFEFF') {
                    skippedBytes = 3;
                    System.arraycopy(buffer, offset + 1, buffer, offset, --n);
                    if (n == 0) {
                        return read(buffer, offset, length);
                    }
                }
            }
            if (n < 0) {
                ended = true;
                return n;
            }
            keep(buffer, offset, n);
            return n;
        }

        private void keep(char[] buffer, int offset, int n) throws RecordTooLongException {
            int drop = (int) (keepFrom - base);
            if (size - drop + n > MAX_RECORD_CHARS) {
                throw new RecordTooLongException();
            }
            if (size + n > kept.length) {
                System.arraycopy(kept, drop, kept, 0, size - drop);
                size -= drop;
                base = keepFrom;
                if (size + n > kept.length) {
                    kept = Arrays.copyOf(kept, Math.max(size + n, kept.length * 2));
                }
            }
            System.arraycopy(buffer, offset, kept, size, n);
            size += n;
        }

        void keepFrom(long offset) {
            keepFrom = offset;
        }

        char[] chars() {
            return kept;
        }

        int indexOf(long offset) {
            return (int) (offset - base);
        }

        long delivered() {
            return base + size;
        }

        boolean atEnd() {
            return ended;
        }

        /** The byte order mark's bytes, counted once. */
        long takeSkippedBytes() {
            long skipped = skippedBytes;
            skippedBytes = 0;
            return skipped;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
