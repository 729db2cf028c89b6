package dev.aitoingest.ingest;

/**
 * Puts a row on one line. A valid JSON row can hold line breaks only as whitespace between
 * tokens (never inside a string), so turning them into spaces keeps its meaning.
 */
final class SingleLine {

    private byte[] scratch = new byte[0];

    static boolean hasLineBreak(byte[] buffer, int offset, int length) {
        for (int i = offset, end = offset + length; i < end; i++) {
            byte b = buffer[i];
            if (b == '\n' || b == '\r') {
                return true;
            }
        }
        return false;
    }

    /** Hands the row to the sink, with its line breaks turned into spaces. */
    void accept(RowSink sink, byte[] buffer, int offset, int length) {
        if (scratch.length < length) {
            scratch = new byte[Math.max(length, scratch.length * 2)];
        }
        for (int i = 0; i < length; i++) {
            byte b = buffer[offset + i];
            scratch[i] = b == '\n' || b == '\r' ? (byte) ' ' : b;
        }
        sink.accept(scratch, 0, length);
    }
}
