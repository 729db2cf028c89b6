package dev.aitoingest.ingest;

import dev.aitoingest.schema.RowValidator;

/** Size limits of one row, the same on every upload path. */
public final class RowLimits {

    /** One row may be at most 1 MiB of JSON. */
    public static final int MAX_ROW_BYTES = 1024 * 1024;

    /** How much of an invalid row is kept to show it back to the client. */
    public static final int MAX_KEPT_BYTES = 1024;

    private RowLimits() {
    }

    /** The problem of a row of this many bytes, or null when it is within the limit. */
    static RowValidator.Problem tooLong(long length) {
        return length <= MAX_ROW_BYTES ? null
                : new RowValidator.Problem(null, "the row is " + length + " bytes of JSON; a row may be at most " + MAX_ROW_BYTES + " bytes");
    }

    /** The problem of a line that was cut at the limit, its whole length unknown. */
    static RowValidator.Problem lineTooLong() {
        return new RowValidator.Problem(null, "the line is longer than " + MAX_ROW_BYTES + " bytes; a row may be at most "
                + MAX_ROW_BYTES + " bytes of JSON");
    }
}
