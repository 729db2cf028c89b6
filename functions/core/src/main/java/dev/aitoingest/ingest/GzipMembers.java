package dev.aitoingest.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.zip.GZIPInputStream;

/**
 * Gunzips every member of a gzip file: {@code cat a.gz b.gz}, {@code gzip >>} and bgzip make files of
 * several members, all one file. {@link GZIPInputStream} reads on past a member only when the
 * stream under it reports bytes {@code available()} or still has enough of them buffered; a network
 * stream reports none, and the file would end, silently, at a member boundary. Here the stream under
 * it looks one byte ahead, so a next member is always seen.
 */
public final class GzipMembers {

    private GzipMembers() {
    }

    public static InputStream gunzip(InputStream compressed, int bufferSize) throws IOException {
        return new GZIPInputStream(new LookingAhead(compressed), bufferSize);
    }

    private static final class LookingAhead extends PushbackInputStream {

        LookingAhead(InputStream in) {
            super(in, 1);
        }

        /** At least 1 while a byte is left, found by reading it (and pushing it back) when the stream under says 0. */
        @Override
        public int available() throws IOException {
            int known = super.available();
            if (known > 0) {
                return known;
            }
            int next = read();
            if (next < 0) {
                return 0;
            }
            unread(next);
            return 1;
        }
    }
}
