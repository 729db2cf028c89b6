package dev.aitoingest.storage;

import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Builds one segment in memory: rows as NDJSON, zstd-compressed (readable by zstdcat, Spark,
 * Athena). A row's bytes are written as they arrived, one row a line. Taking a row also takes in
 * the values the validator reported for it to the segment's statistics.
 */
public final class SegmentWriter implements AutoCloseable {

    /** Rows are gathered into blocks this large before zstd sees them: one JNI call per block, not per row. */
    private static final int BLOCK = 256 * 1024;

    private final Buffer compressed = new Buffer();
    private final OutputStream out;
    private final byte[] block = new byte[BLOCK];
    private int filled;
    private long rows;
    private long uncompressedBytes;
    // the last row stays where it is in the block; it is copied out only when the block is flushed
    private int lastInBlock = -1;
    private int lastLength = -1;
    private byte[] last = new byte[256];
    private final StatsCollector stats;

    public SegmentWriter(int level, StatsCollector stats) {
        this(level, stats, 0);
    }

    /**
     * A segment compressed by {@code compressionThreads} threads of zstd's own while the caller
     * goes on adding rows (0: by the caller, as it adds them). The segment is one zstd frame either way.
     */
    public SegmentWriter(int level, StatsCollector stats, int compressionThreads) {
        this.stats = stats;
        try {
            ZstdOutputStreamNoFinalizer zstd = new ZstdOutputStreamNoFinalizer(compressed, level);
            if (compressionThreads > 0) {
                zstd.setWorkers(compressionThreads);
            }
            out = zstd;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds one row: its JSON bytes, on one line. */
    public void accept(byte[] buffer, int offset, int length) {
        if (filled + length + 1 > BLOCK) {
            flushBlock();
        }
        if (length + 1 > BLOCK) {
            writeThrough(buffer, offset, length);
        } else {
            System.arraycopy(buffer, offset, block, filled, length);
            lastInBlock = filled;
            filled += length;
            block[filled++] = '\n';
        }
        lastLength = length;
        rows++;
        uncompressedBytes += length + 1;
        stats.commitRow();
    }

    /** A row larger than a block goes to zstd directly (and is kept as the last row). */
    private void writeThrough(byte[] buffer, int offset, int length) {
        keepLast(buffer, offset, length);
        lastInBlock = -1;
        try {
            out.write(buffer, offset, length);
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void flushBlock() {
        if (lastInBlock >= 0) {
            keepLast(block, lastInBlock, lastLength);
            lastInBlock = -1;
        }
        try {
            out.write(block, 0, filled);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        filled = 0;
    }

    private void keepLast(byte[] buffer, int offset, int length) {
        if (last.length < length) {
            last = new byte[Math.max(length, last.length * 2)];
        }
        System.arraycopy(buffer, offset, last, 0, length);
    }

    public long rows() {
        return rows;
    }

    /** The column statistics of the rows written so far. */
    public SegmentStats stats() {
        return stats.result();
    }

    /** Size of the NDJSON written so far, before compression. */
    public long uncompressedBytes() {
        return uncompressedBytes;
    }

    /** The last row written, as sent; null when no row was written. */
    public byte[] lastRow() {
        if (lastLength < 0) {
            return null;
        }
        return lastInBlock >= 0 ? Arrays.copyOfRange(block, lastInBlock, lastInBlock + lastLength) : Arrays.copyOf(last, lastLength);
    }

    /** Ends the zstd frame and returns the compressed segment. */
    public byte[] finish() {
        flushBlock();
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
                buf = Arrays.copyOf(buf, Math.max(count + extra, buf.length * 2));
            }
        }
    }
}
