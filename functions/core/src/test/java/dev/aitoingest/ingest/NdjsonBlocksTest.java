package dev.aitoingest.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aitoingest.Json;
import dev.aitoingest.RowError;
import dev.aitoingest.schema.RowValidator;
import dev.aitoingest.schema.SchemaJson;
import dev.aitoingest.storage.SegmentStats;
import dev.aitoingest.storage.StatsCollector;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Rows checked in blocks on worker threads come out exactly as rows checked one by one on the reading thread. */
class NdjsonBlocksTest {

    private static final String SCHEMA = "{\"columns\":{\"id\":{\"type\":\"Int\"},\"name\":{\"type\":\"String\"},"
            + "\"price\":{\"type\":\"Decimal\",\"nullable\":true},\"tags\":{\"type\":\"Text\",\"nullable\":true},"
            + "\"ok\":{\"type\":\"Boolean\",\"nullable\":true}}}";

    private final ExecutorService workers = Executors.newFixedThreadPool(3);

    @AfterEach
    void stop() {
        workers.shutdownNow();
    }

    /** What a chunk's reading came to: rows handed on, rows rejected, statistics. */
    private record Outcome(List<String> rows, List<RowError> errors, List<String> raws, List<SegmentStats> stats, long lines) {
    }

    private static Outcome read(InputStream in, ExecutorService pool, int chunkRows) throws Exception {
        RowValidator validator = new RowValidator(SchemaJson.readTable("t", Json.MAPPER.readTree(SCHEMA)));
        FileRows file = pool == null ? FileRows.ndjson(in, 0, 0) : FileRows.ndjson(in, 0, 0, pool, 3);
        List<String> rows = new ArrayList<>();
        List<RowError> errors = new ArrayList<>();
        List<String> raws = new ArrayList<>();
        List<SegmentStats> stats = new ArrayList<>();
        boolean more = true;
        while (more) {
            StatsCollector collector = validator.newStats();
            FileRows.Chunk chunk = file.chunk(validator.reportingTo(collector), (b, off, len) -> {
                rows.add(new String(b, off, len, StandardCharsets.UTF_8));
                collector.commitRow();
            }, (error, raw, off, len) -> {
                errors.add(error);
                raws.add(new String(raw, off, len, StandardCharsets.UTF_8));
            });
            long start = file.lineNumber();
            while (file.lineNumber() - start < chunkRows && (more = file.next())) {
                chunk.accept();
            }
            chunk.finish();
            assertThat(chunk.pendingBytes()).isZero();
            stats.add(collector.result());
        }
        return new Outcome(rows, errors, raws, stats, file.lineNumber());
    }

    private static byte[] mixedLines(int count, long seed) {
        Random random = new Random(seed);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < count; i++) {
            switch (random.nextInt(12)) {
                case 0 -> b.append("");
                case 1 -> b.append("{\"id\":\"x").append(i).append("\",\"name\":\"bad\"}");
                case 2 -> b.append("not json ").append(i);
                case 3 -> b.append(i);
                case 4 -> b.append("{\"id\":").append(i).append(",\"name\":\"cr\",\r\"price\":1.5}\r");
                case 5 -> b.append("{\"id\":").append(i).append(",\"name\":\"").append("long".repeat(random.nextInt(400))).append("\"}");
                default -> b.append("{\"id\":").append(random.nextInt(1_000_000) - 500_000).append(",\"name\":\"n")
                        .append(Integer.toString(random.nextInt(100_000), 36)).append("\",\"price\":")
                        .append(random.nextBoolean() ? "null" : random.nextInt(100_000) / 100.0).append(",\"tags\":\"a b\",\"ok\":")
                        .append(random.nextBoolean()).append("}");
            }
            b.append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void blocksCheckedOnWorkersGiveTheRowsErrorsAndStatisticsOfTheReadingThread() throws Exception {
        for (long seed = 1; seed <= 5; seed++) {
            byte[] file = mixedLines(20_000, seed);
            Outcome alone = read(new ByteArrayInputStream(file), null, 7_000);
            Outcome blocks = read(new ShortReads(file, seed), workers, 7_000);

            assertThat(blocks.rows()).isEqualTo(alone.rows());
            assertThat(blocks.errors()).isEqualTo(alone.errors());
            assertThat(blocks.raws()).isEqualTo(alone.raws());
            assertThat(blocks.stats()).isEqualTo(alone.stats()).hasSize(3);
            assertThat(blocks.lines()).isEqualTo(20_000);
            assertThat(alone.rows()).hasSizeGreaterThan(10_000);
            assertThat(alone.errors()).hasSizeGreaterThan(3_000);
        }
    }

    /** A stream that gives at most a few bytes a read, as a network stream may. */
    private static final class ShortReads extends InputStream {
        private final byte[] bytes;
        private final Random random;
        private int at;

        ShortReads(byte[] bytes, long seed) {
            this.bytes = bytes;
            this.random = new Random(seed);
        }

        @Override
        public int read() {
            return at < bytes.length ? bytes[at++] & 0xff : -1;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (at >= bytes.length) {
                return -1;
            }
            int n = Math.min(Math.min(length, 1 + random.nextInt(700)), bytes.length - at);
            System.arraycopy(bytes, at, buffer, offset, n);
            at += n;
            return n;
        }
    }
}
