package dev.aitoingest.ingest;

import dev.aitoingest.RowError;

/** Where invalid rows go: a batch or stream request lists them, a file job keeps the last 50. */
public interface RejectedRows {

    /** {@code raw} holds the row as sent (possibly cut short when it is very long). */
    void reject(RowError error, byte[] raw, int offset, int length);
}
