package dev.aitoingest.ingest;

/** Size limits of one row, the same on every upload path. */
public final class RowLimits {

    /** One row may be at most 1 MiB of JSON. */
    public static final int MAX_ROW_BYTES = 1024 * 1024;

    /** How much of an invalid row is kept to show it back to the client. */
    public static final int MAX_KEPT_BYTES = 1024;

    private RowLimits() {
    }

    static String tooLongMessage(long length) {
        return "the row is " + length + " bytes of JSON; a row may be at most " + MAX_ROW_BYTES + " bytes";
    }
}
