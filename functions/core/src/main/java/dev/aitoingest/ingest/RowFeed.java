package dev.aitoingest.ingest;

import java.io.InputStream;

/**
 * Rows handed to one JSON parser one at a time, so a parser is made once per upload or chunk
 * instead of once per row (making one costs about as much as checking a row). Each read gives what
 * is left of the current row and nothing after it, so the parser never reads past the row it is
 * on; the parser's byte offset is then where in {@link #fed()} it stands.
 */
final class RowFeed extends InputStream {
    private byte[] bytes;
    private int at;
    private int end;
    private long fed;

    /** A new parser starts reading: offsets count from here. */
    void restart() {
        fed = 0;
    }

    void next(byte[] row, int offset, int length) {
        bytes = row;
        at = offset;
        end = offset + length;
        fed += length;
    }

    /** Bytes handed to the current parser, this row's included. */
    long fed() {
        return fed;
    }

    @Override
    public int read() {
        return at < end ? bytes[at++] & 0xff : -1;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (at >= end) {
            return -1;
        }
        int n = Math.min(length, end - at);
        System.arraycopy(bytes, at, buffer, offset, n);
        at += n;
        return n;
    }
}
