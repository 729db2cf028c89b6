package dev.aitoingest.bench;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import dev.aitoingest.HandedOff;
import dev.aitoingest.Json;
import dev.aitoingest.ingest.CsvFormat;
import dev.aitoingest.ingest.CsvHeader;
import dev.aitoingest.ingest.CsvRecords;
import dev.aitoingest.ingest.FileRows;
import dev.aitoingest.ingest.NdjsonLines;
import dev.aitoingest.ingest.RejectedRows;
import dev.aitoingest.ingest.RowLimits;
import dev.aitoingest.schema.RowValidator;
import dev.aitoingest.schema.SchemaJson;
import dev.aitoingest.storage.SegmentWriter;
import dev.aitoingest.storage.StatsCollector;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * One thread, in memory, the same gzipped NDJSON file: the processor's whole core path (gunzip,
 * split, validate, write zstd segments) next to two baselines, (a) gunzip and count lines and
 * (b) gunzip, split and Jackson-parse every line with no validation and no output; and the same
 * rows as a gzipped CSV file through the CSV path, to compare with the NDJSON one.
 */
final class CoreThroughput {

    /** One variant's best run. */
    record Result(String name, long rows, long bytes, double seconds) {
        double rowsPerSecond() {
            return rows / seconds;
        }

        double megabytesPerSecond() {
            return bytes / seconds / 1e6;
        }
    }

    @FunctionalInterface
    private interface Variant {
        long run(InputStream gzipped) throws IOException;
    }

    /** Rows in a chunk, as the service's default (template.yaml's CHUNK_ROWS). */
    private static final int CHUNK_ROWS = 250_000;

    private final byte[] gzipped;
    private final long ndjsonBytes;
    private final byte[] csvGzipped;
    private final long csvBytes;
    private final long rows;
    private final RowValidator validator;
    private final int segmentLevel;

    CoreThroughput(long ndjsonBytes, int segmentLevel) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(buffer, 1 << 16)) {
            rows = BenchData.write(gz, ndjsonBytes, 42);
        }
        this.gzipped = buffer.toByteArray();
        this.ndjsonBytes = ndjsonBytes;
        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(csv, 1 << 16)) {
            csvBytes = writeCsv(gzipped, gz);
        }
        this.csvGzipped = csv.toByteArray();
        this.validator = new RowValidator(SchemaJson.readTable("bench", Json.MAPPER.readTree(BenchData.TABLE_SCHEMA)));
        this.segmentLevel = segmentLevel;
    }

    long rows() {
        return rows;
    }

    int gzippedBytes() {
        return gzipped.length;
    }

    Result gunzipAndCountLines(int runs) throws IOException {
        return best("(a) gunzip + count lines", runs, in -> {
            byte[] buffer = new byte[1 << 16];
            long lines = 0;
            int n;
            while ((n = in.read(buffer)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
            }
            return lines;
        });
    }

    Result gunzipSplitParse(int runs) throws IOException {
        return best("(b) gunzip + split + Jackson parse", runs, in -> {
            NdjsonLines lines = new NdjsonLines(in, RowLimits.MAX_ROW_BYTES);
            long parsed = 0;
            while (lines.next()) {
                try (JsonParser p = Json.FACTORY.createParser(lines.buffer(), lines.offset(), lines.length())) {
                    while (p.nextToken() != null) {
                        // every token, as a parse must
                    }
                }
                parsed++;
            }
            return parsed;
        });
    }

    /** The processor's path without storage, on this thread: chunks of {@link #CHUNK_ROWS}, each one zstd segment with its column statistics. */
    Result fullPath(int runs) throws IOException {
        return best("(c) full path: + validate + stats + zstd segment", runs, in -> segments(FileRows.ndjson(in, 0, 0), 0, null));
    }

    /**
     * (c) as the processor runs it on every core: this thread gunzips, splits and hands rows to the
     * segment; blocks of lines are validated on a worker per other core, a thread of zstd's
     * compresses, and each segment is finished on a storage thread while the next is read.
     */
    Result fullPathAllCores(int runs, int threads) throws IOException {
        ExecutorService workers = Executors.newFixedThreadPool(threads, daemon("bench-check"));
        ExecutorService storage = Executors.newSingleThreadExecutor(daemon("bench-store"));
        try {
            return best("(e) full path, reader + " + threads + " worker thread" + (threads == 1 ? "" : "s"), runs, in -> {
                return segments(FileRows.ndjson(in, 0, 0, workers, threads), 1, storage);
            });
        } finally {
            workers.shutdownNow();
            storage.shutdownNow();
        }
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The CSV path over the same rows: gunzip, CSV records, typed into JSON rows, then as (c). */
    Result csvFullPath(int runs) throws IOException {
        return best("(d) CSV full path: gunzip + CSV parse + type + (c)", runs, csvGzipped, csvBytes, in -> {
            CsvRecords records = new CsvRecords(in, CsvFormat.COMMA, 0, 0);
            return segments(FileRows.csv(records, CsvHeader.read(records, validator.schema())), 0, null);
        });
    }

    /**
     * The processor's chunks without storage: {@link #CHUNK_ROWS} each, one zstd segment with its statistics,
     * compressed by {@code compressionThreads} of zstd's (0: on this thread). As in the processor, a
     * chunk's segment is finished on the {@code storage} thread while the next chunk is read (null:
     * on this thread). Answers the rows stored.
     */
    private long segments(FileRows file, int compressionThreads, ExecutorService storage) throws IOException {
        long stored = 0;
        Future<Long> finishing = CompletableFuture.completedFuture(0L);
        boolean more = true;
        while (more) {
            StatsCollector stats = validator.newStats();
            SegmentWriter segment = new SegmentWriter(segmentLevel, stats, compressionThreads);
            FileRows.Chunk rows = file.chunk(validator.reportingTo(stats), segment::accept, INVALID);
            long first = file.lineNumber();
            while (file.lineNumber() - first < CHUNK_ROWS && (more = file.next())) {
                rows.accept();
            }
            rows.finish();
            if (storage == null) {
                stored += finished(segment);
            } else {
                stored += HandedOff.await(finishing, "finishing a segment");
                finishing = storage.submit(() -> finished(segment));
            }
        }
        return stored + HandedOff.await(finishing, "finishing a segment");
    }

    /** Ends the segment's zstd frame and takes its statistics, as storing a chunk does; answers its rows. */
    private static long finished(SegmentWriter segment) {
        segment.finish();
        segment.stats();
        return segment.rows();
    }

    /** The rows of the gzipped NDJSON as CSV under a header row, Json cells as their JSON text; returns the CSV's size. */
    private static long writeCsv(byte[] gzippedNdjson, OutputStream out) throws IOException {
        NdjsonLines lines = new NdjsonLines(new GZIPInputStream(new ByteArrayInputStream(gzippedNdjson), 1 << 16), RowLimits.MAX_ROW_BYTES);
        long written = 0;
        boolean first = true;
        while (lines.next()) {
            JsonNode row = Json.MAPPER.readTree(lines.buffer(), lines.offset(), lines.length());
            StringBuilder record = new StringBuilder(256);
            if (first) {
                row.fieldNames().forEachRemaining(name -> record.append(record.isEmpty() ? "" : ",").append(name));
                record.append('\n');
                first = false;
            }
            for (Iterator<JsonNode> values = row.elements(); values.hasNext(); ) {
                JsonNode value = values.next();
                String text = value.isTextual() ? value.textValue() : value.toString();
                record.append(text.indexOf(',') >= 0 || text.indexOf('"') >= 0 ? '"' + text.replace("\"", "\"\"") + '"' : text)
                        .append(values.hasNext() ? ',' : '\n');
            }
            byte[] bytes = record.toString().getBytes(StandardCharsets.UTF_8);
            out.write(bytes);
            written += bytes.length;
        }
        return written;
    }

    private static final RejectedRows INVALID = (error, raw, offset, length) -> {
        throw new IllegalStateException("bench data must be valid: " + error.message());
    };

    private Result best(String name, int runs, Variant variant) throws IOException {
        return best(name, runs, gzipped, ndjsonBytes, variant);
    }

    private Result best(String name, int runs, byte[] file, long fileBytes, Variant variant) throws IOException {
        double best = Double.MAX_VALUE;
        long counted = 0;
        for (int run = 0; run < runs; run++) {
            long start = System.nanoTime();
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(file), 1 << 16)) {
                counted = variant.run(in);
            }
            best = Math.min(best, (System.nanoTime() - start) / 1e9);
        }
        if (counted != rows) {
            throw new IllegalStateException(name + " counted " + counted + " rows, expected " + rows);
        }
        return new Result(name, rows, fileBytes, best);
    }
}
