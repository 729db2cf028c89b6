package dev.aitoingest.storage;

import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import dev.aitoingest.ingest.RowSink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Builds one segment in memory: rows as NDJSON, zstd-compressed (readable by zstdcat, Spark,
 * Athena). A row's bytes are written as they arrived; only line breaks between its tokens become
 * spaces, so every row stays on one line.
 */
public final class SegmentWriter implements RowSink, AutoCloseable {

    private final Buffer compressed = new Buffer();
    private final ZstdOutputStreamNoFinalizer out;
    private byte[] scratch = new byte[0];
    private long rows;
    private long uncompressedBytes;
    private byte[] last = new byte[256];
    private int lastLength = -1;

    public SegmentWriter(int level) {
        try {
            out = new ZstdOutputStreamNoFinalizer(compressed, level);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void accept(byte[] buffer, int offset, int length) {
        try {
            if (containsLineBreak(buffer, offset, length)) {
                if (scratch.length < length) {
                    scratch = new byte[Math.max(length, scratch.length * 2)];
                }
                for (int i = 0; i < length; i++) {
                    byte b = buffer[offset + i];
                    scratch[i] = b == '\n' || b == '\r' ? (byte) ' ' : b;
                }
                out.write(scratch, 0, length);
            } else {
                out.write(buffer, offset, length);
            }
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        rows++;
        uncompressedBytes += length + 1;
        if (last.length < length) {
            last = new byte[Math.max(length, last.length * 2)];
        }
        System.arraycopy(buffer, offset, last, 0, length);
        lastLength = length;
    }

    public long rows() {
        return rows;
    }

    /** Size of the NDJSON written so far, before compression. */
    public long uncompressedBytes() {
        return uncompressedBytes;
    }

    /** The last row written, as sent; null when no row was written. */
    public byte[] lastRow() {
        return lastLength < 0 ? null : java.util.Arrays.copyOf(last, lastLength);
    }

    /** Ends the zstd frame and returns the compressed segment. */
    public byte[] finish() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return compressed.toByteArray();
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean containsLineBreak(byte[] buffer, int offset, int length) {
        for (int i = offset, end = offset + length; i < end; i++) {
            byte b = buffer[i];
            if (b == '\n' || b == '\r') {
                return true;
            }
        }
        return false;
    }

    /** A ByteArrayOutputStream without synchronisation. */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer() {
            super(64 * 1024);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, buf, count, len);
            count += len;
        }

        @Override
        public void write(int b) {
            ensure(1);
            buf[count++] = (byte) b;
        }

        private void ensure(int extra) {
            if (count + extra > buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.max(count + extra, buf.length * 2));
            }
        }
    }
}
