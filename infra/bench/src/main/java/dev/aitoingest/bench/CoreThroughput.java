package dev.aitoingest.bench;

import com.fasterxml.jackson.core.JsonParser;
import dev.aitoingest.Json;
import dev.aitoingest.ingest.NdjsonLines;
import dev.aitoingest.ingest.NdjsonRows;
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
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * One thread, in memory, the same gzipped NDJSON file: the processor's whole core path (gunzip,
 * split, validate, write zstd segments) next to two baselines, (a) gunzip and count lines and
 * (b) gunzip, split and Jackson-parse every line with no validation and no output.
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

    private final byte[] gzipped;
    private final long ndjsonBytes;
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

    /** The processor's path without storage: chunks of 50,000 rows, each one zstd segment with its column statistics. */
    Result fullPath(int runs) throws IOException {
        return best("(c) full path: + validate + stats + zstd segment", runs, in -> {
            NdjsonLines lines = new NdjsonLines(in, RowLimits.MAX_ROW_BYTES);
            RejectedRows rejected = (error, raw, offset, length) -> {
                throw new IllegalStateException("bench data must be valid: " + error.message());
            };
            long stored = 0;
            long compressed = 0;
            boolean more = true;
            while (more) {
                StatsCollector stats = validator.newStats();
                SegmentWriter segment = new SegmentWriter(segmentLevel, stats);
                NdjsonRows rows = new NdjsonRows(validator.reportingTo(stats), segment::accept, rejected);
                while (segment.rows() < 50_000 && (more = lines.next())) {
                    rows.accept(lines);
                }
                compressed += segment.finish().length;
                segment.stats();
                stored += segment.rows();
            }
            lastSegmentBytes = compressed;
            return stored;
        });
    }

    private long lastSegmentBytes;

    long lastSegmentBytes() {
        return lastSegmentBytes;
    }

    private Result best(String name, int runs, Variant variant) throws IOException {
        double best = Double.MAX_VALUE;
        long counted = 0;
        for (int run = 0; run < runs; run++) {
            long start = System.nanoTime();
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped), 1 << 16)) {
                counted = variant.run(in);
            }
            best = Math.min(best, (System.nanoTime() - start) / 1e9);
        }
        if (counted != rows) {
            throw new IllegalStateException(name + " counted " + counted + " rows, expected " + rows);
        }
        return new Result(name, rows, ndjsonBytes, best);
    }
}
