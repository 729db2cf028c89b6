package dev.aitoingest.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Deterministic rows shaped like a real table (about 120 bytes each): ints, short strings, a Text
 * column, a decimal, a boolean and a nested Json value. The same seed gives the same bytes.
 */
public final class BenchData {

    public static final String TABLE_SCHEMA = "{\"columns\":{"
            + "\"id\":{\"type\":\"Int\"},\"customer\":{\"type\":\"String\"},\"city\":{\"type\":\"String\"},"
            + "\"tags\":{\"type\":\"Text\",\"analyzer\":\"whitespace\"},\"price\":{\"type\":\"Decimal\"},"
            + "\"active\":{\"type\":\"Boolean\"},\"attrs\":{\"type\":\"Json\",\"nullable\":true}}}";

    private static final String[] CITIES = {"Helsinki", "London", "New York", "Tampere", "Berlin", "Oslo", "Turku", "Paris"};
    private static final String[] WORDS = {"london", "nyc", "20s", "30s", "40s", "premium", "new", "returning", "mobile", "web"};

    private BenchData() {
    }

    /** Row {@code i} as one NDJSON line, newline included. */
    public static byte[] row(long i, SplittableRandom random) {
        StringBuilder b = new StringBuilder(140);
        b.append("{\"id\":").append(i % 2_000_000_000L)
                .append(",\"customer\":\"c-").append(String.format("%06d", random.nextInt(1_000_000)))
                .append("\",\"city\":\"").append(CITIES[random.nextInt(CITIES.length)])
                .append("\",\"tags\":\"").append(WORDS[random.nextInt(WORDS.length)]).append(' ')
                .append(WORDS[random.nextInt(WORDS.length)]).append(' ').append(WORDS[random.nextInt(WORDS.length)])
                .append("\",\"price\":").append(random.nextInt(100_000) / 100.0)
                .append(",\"active\":").append(random.nextBoolean())
                .append(",\"attrs\":{\"k\":").append(random.nextInt(10)).append(",\"v\":[\"a\",\"b\"]}}\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Writes rows until at least {@code bytes} of NDJSON are written; returns the row count. */
    public static long write(OutputStream out, long bytes, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        long written = 0;
        long rows = 0;
        while (written < bytes) {
            byte[] line = row(rows, random);
            out.write(line);
            written += line.length;
            rows++;
        }
        return rows;
    }
}
