package dev.aitoingest.ingest;

import dev.aitoingest.RowError;
import dev.aitoingest.ServiceException;
import java.util.ArrayList;
import java.util.List;

/** Keeps the first errors of a batch or stream request and counts the rest. */
public final class FirstRowErrors implements RejectedRows {

    private final List<RowError> first = new ArrayList<>();
    private long count;

    @Override
    public void reject(RowError error, byte[] raw, int offset, int length) {
        if (first.size() < ServiceException.MAX_LISTED_ERRORS) {
            first.add(error);
        }
        count++;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    public long count() {
        return count;
    }

    /** The 400 for this request, whose message is the first error. */
    public ServiceException toException() {
        String message = count == 1 ? first.get(0).message()
                : first.get(0).message() + " (and " + (count - 1) + " more invalid rows)";
        return ServiceException.invalidRows(message, first, count);
    }
}
