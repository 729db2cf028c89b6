package dev.aitoingest.ingest;

import dev.aitoingest.schema.RowValidator;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Executor;

/**
 * An uploaded file as a file job reads it, one line or record at a time (NDJSON lines or CSV
 * records), with the physical lines and bytes read so far for the job's checkpoint. Each chunk
 * reads its rows into its own validator, segment and failing rows.
 */
public interface FileRows {

    /** Moves to the next line or record; false at the end of the file. */
    boolean next() throws IOException;

    /** Physical lines read so far. */
    long lineNumber();

    /** Uncompressed bytes read so far. */
    long position();

    /** The reading of one chunk: valid rows to {@code sink}, invalid ones to {@code rejected}. */
    Chunk chunk(RowValidator validator, RowSink sink, RejectedRows rejected);

    /** What a chunk does with each line or record. */
    @FunctionalInterface
    interface Chunk {
        /** Hands on the current line or record; true when it was a row (valid or not), false when blank. */
        boolean accept();

        /** Bytes of rows accepted but not yet handed to the sink or the rejected rows. */
        default long pendingBytes() {
            return 0;
        }

        /** Hands on every row accepted so far; the chunk's rows are all in the sink or rejected after it. */
        default void finish() {
        }
    }

    /**
     * Workers to check NDJSON rows on beside the reading thread, on a machine of {@code cores}: one
     * per core, since the reading thread checks blocks itself when it is ahead of them (measured on
     * 2 cores: faster than one worker, and than three); none with one core, where the reading
     * thread does it all.
     */
    static int checkWorkers(int cores) {
        return cores > 1 ? cores : 0;
    }

    /** NDJSON from {@code in}, which starts after {@code linesBefore} lines and {@code bytesBefore} bytes. */
    static FileRows ndjson(InputStream in, long linesBefore, long bytesBefore) {
        return ndjson(in, linesBefore, bytesBefore, null, 1);
    }

    /** As {@link #ndjson(InputStream, long, long)}, its rows checked on {@code threads} workers (none: on the reading thread). */
    static FileRows ndjson(InputStream in, long linesBefore, long bytesBefore, Executor workers, int threads) {
        NdjsonLines lines = new NdjsonLines(in, RowLimits.MAX_ROW_BYTES, linesBefore, bytesBefore);
        return new FileRows() {
            @Override
            public boolean next() throws IOException {
                return lines.next();
            }

            @Override
            public long lineNumber() {
                return lines.lineNumber();
            }

            @Override
            public long position() {
                return lines.position();
            }

            @Override
            public Chunk chunk(RowValidator validator, RowSink sink, RejectedRows rejected) {
                if (workers != null) {
                    return new NdjsonBlocks(lines, validator, sink, rejected, workers, threads);
                }
                NdjsonRows rows = new NdjsonRows(validator, sink, rejected);
                return () -> rows.accept(lines);
            }
        };
    }

    /** CSV records under {@code header} (read from the file's start, whichever checkpoint {@code records} starts at). */
    static FileRows csv(CsvRecords records, CsvHeader header) {
        return new FileRows() {
            @Override
            public boolean next() throws IOException {
                return records.next();
            }

            @Override
            public long lineNumber() {
                return records.lineNumber();
            }

            @Override
            public long position() {
                return records.position();
            }

            @Override
            public Chunk chunk(RowValidator validator, RowSink sink, RejectedRows rejected) {
                CsvRows rows = new CsvRows(header, validator, sink, rejected);
                return () -> rows.accept(records);
            }
        };
    }
}
