package dev.aitoingest.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class GzipMembersTest {

    /** A network stream: short reads of 1 to 7 bytes, and nothing ever reported available. */
    private static final class ShortReads extends InputStream {
        private final InputStream in;
        private int turn;

        ShortReads(byte[] bytes) {
            this.in = new ByteArrayInputStream(bytes);
        }

        @Override
        public int read() throws IOException {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return in.read(b, off, Math.min(len, 1 + turn++ % 7));
        }

        @Override
        public int available() {
            return 0;
        }
    }

    /** {@code members} gzip members of 5 NDJSON lines each, one after the other, as {@code cat a.gz b.gz} makes them. */
    private static byte[] members(int members) throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        for (int m = 0; m < members; m++) {
            ByteArrayOutputStream member = new ByteArrayOutputStream();
            try (GZIPOutputStream out = new GZIPOutputStream(member)) {
                for (int i = 0; i < 5; i++) {
                    out.write(("{\"id\":" + (m * 5 + i) + "}\n").getBytes(StandardCharsets.UTF_8));
                }
            }
            file.writeBytes(member.toByteArray());
        }
        return file.toByteArray();
    }

    private static long lines(InputStream gunzipped) throws IOException {
        NdjsonLines lines = new NdjsonLines(gunzipped, RowLimits.MAX_ROW_BYTES);
        long count = 0;
        while (lines.next()) {
            count++;
        }
        return count;
    }

    @Test
    void everyOneOfTwoThousandMembersIsReadThroughShortReads() throws IOException {
        byte[] file = members(2000);
        assertThat(lines(GzipMembers.gunzip(new ShortReads(file), 64 * 1024))).isEqualTo(10_000);
    }

    @Test
    void thePlainJdkStreamStopsAtAMemberBoundaryWhichIsWhyThisExists() throws IOException {
        byte[] file = members(2000);
        assertThat(lines(new GZIPInputStream(new ShortReads(file), 64 * 1024))).isLessThan(10_000);
    }

    @Test
    void aTruncatedMultiMemberFileFailsInsteadOfEndingEarly() throws IOException {
        byte[] file = members(50);
        byte[] cut = Arrays.copyOf(file, file.length - 10);
        assertThatThrownBy(() -> lines(GzipMembers.gunzip(new ShortReads(cut), 64 * 1024))).isInstanceOf(EOFException.class);
    }
}
