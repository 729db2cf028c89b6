package dev.aitoingest.job;

import dev.aitoingest.RowError;
import dev.aitoingest.ingest.RejectedRows;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** The failing rows of one chunk: all are counted, the last 50 kept, numbered after the job's earlier ones. */
final class LastFailures implements RejectedRows {

    private final ArrayDeque<FailedRow> last = new ArrayDeque<>();
    private final long firstSequence;
    private long count;
    private long syntaxErrors;

    LastFailures(long firstSequence) {
        this.firstSequence = firstSequence;
    }

    @Override
    public void reject(RowError error, byte[] raw, int offset, int length) {
        if (error.column() == null && error.message().contains("Malformed JSON")) {
            syntaxErrors++;
        }
        last.addLast(new FailedRow(firstSequence + count, error.line(), error.column(), error.message(),
                new String(raw, offset, length, StandardCharsets.UTF_8)));
        if (last.size() > JobStore.KEPT_FAILURES) {
            last.removeFirst();
        }
        count++;
    }

    long count() {
        return count;
    }

    long syntaxErrors() {
        return syntaxErrors;
    }

    List<FailedRow> kept() {
        return new ArrayList<>(last);
    }
}
