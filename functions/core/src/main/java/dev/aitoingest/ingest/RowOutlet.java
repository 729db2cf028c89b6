package dev.aitoingest.ingest;

import dev.aitoingest.RowError;

/**
 * Where a reader puts each row it has read: a valid row goes to the sink on one line, an invalid
 * one to the rejected rows with its first bytes. A valid JSON row can hold line breaks only as
 * whitespace between tokens (never inside a string), so turning them into spaces keeps its meaning.
 */
final class RowOutlet {

    private final RowSink sink;
    private final RejectedRows rejected;
    private byte[] scratch = new byte[0];

    RowOutlet(RowSink sink, RejectedRows rejected) {
        this.sink = sink;
        this.rejected = rejected;
    }

    /** A valid row; {@code mayBreakLines} false when the reader knows it holds no line break. */
    void valid(byte[] buffer, int offset, int length, boolean mayBreakLines) {
        if (!mayBreakLines || !hasLineBreak(buffer, offset, length)) {
            sink.accept(buffer, offset, length);
            return;
        }
        if (scratch.length < length) {
            scratch = new byte[Math.max(length, scratch.length * 2)];
        }
        for (int i = 0; i < length; i++) {
            byte b = buffer[offset + i];
            scratch[i] = b == '\n' || b == '\r' ? (byte) ' ' : b;
        }
        sink.accept(scratch, 0, length);
    }

    void invalid(RowError error, byte[] buffer, int offset, int length) {
        rejected.reject(error, buffer, offset, Math.min(length, RowLimits.MAX_KEPT_BYTES));
    }

    private static boolean hasLineBreak(byte[] buffer, int offset, int length) {
        for (int i = offset, end = offset + length; i < end; i++) {
            byte b = buffer[i];
            if (b == '\n' || b == '\r') {
                return true;
            }
        }
        return false;
    }
}
