package dev.aitoingest.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NdjsonLinesTest {

    private record Line(long number, String text, boolean tooLong) {
    }

    private static List<Line> split(InputStream in, int max) throws Exception {
        NdjsonLines lines = new NdjsonLines(in, max);
        List<Line> out = new ArrayList<>();
        while (lines.next()) {
            out.add(new Line(lines.lineNumber(),
                    new String(lines.buffer(), lines.offset(), lines.length(), StandardCharsets.UTF_8), lines.tooLong()));
        }
        return out;
    }

    private static InputStream trickle(byte[] data) {
        // one byte per read, so every line crosses a buffer refill
        return new ByteArrayInputStream(data) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1));
            }
        };
    }

    @Test
    void splitsOnNewlinesKeepingPhysicalLineNumbers() throws Exception {
        byte[] data = "a\r\n\nb\n  \nc".getBytes(StandardCharsets.UTF_8);
        List<Line> expected = List.of(new Line(1, "a", false), new Line(2, "", false), new Line(3, "b", false),
                new Line(4, "  ", false), new Line(5, "c", false));
        assertThat(split(new ByteArrayInputStream(data), 100)).isEqualTo(expected);
        assertThat(split(trickle(data), 100)).isEqualTo(expected);
    }

    @Test
    void aLineLongerThanTheLimitIsReportedNotKept() throws Exception {
        String big = "x".repeat(300_000);
        byte[] data = ("first\n" + big + "\nlast\n").getBytes(StandardCharsets.UTF_8);
        List<Line> lines = split(new ByteArrayInputStream(data), 100_000);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1).tooLong()).isTrue();
        assertThat(lines.get(1).text()).hasSize(1024);
        assertThat(lines.get(2)).isEqualTo(new Line(3, "last", false));
    }

    @Test
    void aLongLastLineWithoutNewlineEndsTheInput() throws Exception {
        byte[] data = ("ok\n" + "y".repeat(5000)).getBytes(StandardCharsets.UTF_8);
        List<Line> lines = split(new ByteArrayInputStream(data), 1000);
        assertThat(lines).extracting(Line::tooLong).containsExactly(false, true);
    }

    @Test
    void linesExactlyAtTheLimitAreKept() throws Exception {
        String edge = "z".repeat(1000);
        List<Line> lines = split(trickle((edge + "\n" + edge).getBytes(StandardCharsets.UTF_8)), 1000);
        assertThat(lines).extracting(Line::text).containsExactly(edge, edge);
    }

    @Test
    void carriageReturnsInsideALineAreNotedButNotTheTerminatorsOne() throws Exception {
        NdjsonLines lines = new NdjsonLines(trickle("{\"a\":\r1}\r\n{\"a\":2}\r\n{\"a\":\r3}\n".getBytes(StandardCharsets.UTF_8)), 100);
        List<Boolean> seen = new ArrayList<>();
        while (lines.next()) {
            seen.add(lines.hasCarriageReturn());
        }
        assertThat(seen).containsExactly(true, false, true);
    }

    @Test
    void positionsLetAReaderResumeAfterAnyLine() throws Exception {
        byte[] data = "one\r\ntwo\n\nthree".getBytes(StandardCharsets.UTF_8);
        NdjsonLines lines = new NdjsonLines(new ByteArrayInputStream(data), 100);
        lines.next();
        lines.next();
        long position = lines.position();
        NdjsonLines resumed = new NdjsonLines(new ByteArrayInputStream(data, (int) position, data.length - (int) position), 100,
                lines.lineNumber(), position);
        assertThat(split(new ByteArrayInputStream(data, (int) position, data.length - (int) position), 100)).hasSize(2);
        assertThat(resumed.next()).isTrue();
        assertThat(resumed.lineNumber()).isEqualTo(3);
        assertThat(resumed.next()).isTrue();
        assertThat(resumed.lineNumber()).isEqualTo(4);
        assertThat(resumed.position()).isEqualTo(data.length);
    }

    @Test
    void linesOfAnyBytesSplitAsByteByByte() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        byte[] alphabet = {'a', '{', '"', ' ', '\t', '\r', '\n', 0, 13, 14, 15, (byte) 0x8d, (byte) 0x8a, (byte) 0xc3, (byte) 0xff};
        for (int round = 0; round < 200; round++) {
            byte[] data = new byte[random.nextInt(400)];
            for (int i = 0; i < data.length; i++) {
                data[i] = random.nextInt(3) == 0 ? alphabet[random.nextInt(alphabet.length)] : (byte) ('a' + random.nextInt(26));
            }
            List<String> expected = new ArrayList<>();
            List<Boolean> expectedReturns = new ArrayList<>();
            String text = new String(data, StandardCharsets.ISO_8859_1);
            String[] parts = text.split("\n", -1);
            for (int i = 0; i < parts.length; i++) {
                String line = parts[i];
                if (i == parts.length - 1 && line.isEmpty()) {
                    break;
                }
                if (line.endsWith("\r")) {
                    line = line.substring(0, line.length() - 1);
                }
                expected.add(line);
                expectedReturns.add(line.indexOf('\r') >= 0);
            }
            int readSize = 1 + random.nextInt(20);
            NdjsonLines lines = new NdjsonLines(new ByteArrayInputStream(data) {
                @Override
                public synchronized int read(byte[] b, int off, int len) {
                    return super.read(b, off, Math.min(len, readSize));
                }
            }, 1000);
            List<String> seen = new ArrayList<>();
            List<Boolean> returns = new ArrayList<>();
            while (lines.next()) {
                seen.add(new String(lines.buffer(), lines.offset(), lines.length(), StandardCharsets.ISO_8859_1));
                returns.add(lines.hasCarriageReturn());
            }
            assertThat(seen).as("round %d", round).isEqualTo(expected);
            assertThat(returns).as("round %d", round).isEqualTo(expectedReturns);
        }
    }
}
