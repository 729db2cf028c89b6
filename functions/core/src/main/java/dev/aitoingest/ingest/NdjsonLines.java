package dev.aitoingest.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Splits a byte stream into lines without copying them: each line is a slice of one reusable
 * buffer, valid until the next call to {@link #next()}. A line longer than the limit is skipped
 * to its end and reported by {@link #tooLong()} with its first bytes, so a huge line costs no
 * more memory than a normal one.
 */
public final class NdjsonLines {

    private static final int READ_SIZE = 64 * 1024;
    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] buffer;
    private int start;
    private int end;
    private boolean eof;

    private long lineNumber;
    private long position;
    private int lineOffset;
    private int lineLength;
    private boolean tooLong;
    private boolean carriageReturn;
    private int firstCarriageReturn = -1;

    public NdjsonLines(InputStream in, int maxLineBytes) {
        this(in, maxLineBytes, 0, 0);
    }

    /**
     * Lines of a stream that starts part-way through the input: at byte {@code position}, just
     * after line {@code linesBefore}, so numbers and positions continue where an earlier reader
     * stopped.
     */
    public NdjsonLines(InputStream in, int maxLineBytes, long linesBefore, long position) {
        this.in = in;
        this.lineNumber = linesBefore;
        this.position = position;
        this.maxLineBytes = maxLineBytes;
        this.buffer = new byte[maxLineBytes + READ_SIZE + 1];
    }

    /** Advances to the next physical line; false at the end of the input. */
    public boolean next() throws IOException {
        int scanned = 0;
        while (true) {
            int newline = indexOf(start + scanned, end);
            if (newline >= 0) {
                emit(start, newline - start, false);
                position += newline + 1 - start;
                start = newline + 1;
                return true;
            }
            scanned = end - start;
            if (eof) {
                if (scanned == 0) {
                    return false;
                }
                emit(start, scanned, false);
                position += scanned;
                start = end;
                return true;
            }
            if (scanned > maxLineBytes) {
                skipLongLine();
                return true;
            }
            fill();
        }
    }

    public long lineNumber() {
        return lineNumber;
    }

    /** Byte offset in the input just after the current line and its terminator: where the next line starts. */
    public long position() {
        return position;
    }

    public byte[] buffer() {
        return buffer;
    }

    public int offset() {
        return lineOffset;
    }

    /** The line's length without its line terminator. */
    public int length() {
        return lineLength;
    }

    /** True when a carriage return stands inside the line (not as part of its terminator). */
    public boolean hasCarriageReturn() {
        return carriageReturn;
    }

    /** True when the line exceeded the limit; the slice then holds only its beginning. */
    public boolean tooLong() {
        return tooLong;
    }

    public boolean isBlank() {
        for (int i = lineOffset, last = lineOffset + lineLength; i < last; i++) {
            byte b = buffer[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private void emit(int offset, int length, boolean cut) {
        lineNumber++;
        if (!cut && length > 0 && buffer[offset + length - 1] == '\r') {
            length--;
        }
        lineOffset = offset;
        lineLength = length;
        tooLong = cut;
        carriageReturn = firstCarriageReturn >= offset && firstCarriageReturn < offset + length;
    }

    /** Keeps the line's first bytes for the report and discards the rest up to its newline. */
    private void skipLongLine() throws IOException {
        int keep = Math.min(RowLimits.MAX_KEPT_BYTES, end - start);
        position += end - start;
        System.arraycopy(buffer, start, buffer, 0, keep);
        emit(0, keep, true);
        start = end = keep;
        firstCarriageReturn = -1;
        while (true) {
            int n = in.read(buffer, keep, buffer.length - keep);
            if (n < 0) {
                eof = true;
                return;
            }
            int newline = indexOf(keep, keep + n);
            if (newline >= 0) {
                position += newline + 1 - keep;
                start = newline + 1;
                end = keep + n;
                return;
            }
            position += n;
        }
    }

    /** Moves the unfinished line to the front of the buffer and reads more after it. */
    private void fill() throws IOException {
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            firstCarriageReturn -= start;
            start = 0;
        }
        int n = in.read(buffer, end, Math.min(READ_SIZE, buffer.length - end));
        if (n < 0) {
            eof = true;
        } else {
            end += n;
        }
    }

    /**
     * The next newline in [from, to), noting the current line's first carriage return. Eight bytes
     * are tested at a time for one below 14 (both are): only such words are looked into byte by byte.
     */
    private int indexOf(int from, int to) {
        byte[] b = buffer;
        int i = from;
        while (i < to) {
            if (i + Long.BYTES <= to) {
                long word = (long) WORDS.get(b, i);
                if (((word - 0x0e0e0e0e0e0e0e0eL) & ~word & 0x8080808080808080L) == 0) {
                    i += Long.BYTES;
                    continue;
                }
            }
            for (int end = Math.min(i + Long.BYTES, to); i < end; i++) {
                byte c = b[i];
                if (c == '\n') {
                    return i;
                }
                if (c == '\r' && firstCarriageReturn < start) {
                    firstCarriageReturn = i;
                }
            }
        }
        return -1;
    }
}
