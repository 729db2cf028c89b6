package dev.aitoingest.job;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aitoingest.ServiceException;
import java.time.Instant;

/**
 * A table operation run as a job (Aito's jobs API): an optimize or a delete, its parameters, when
 * it started and finished, and its result, or the error it ended with ({@code errorKind} null for a
 * failure of the service itself).
 */
public record OperationJob(String id, Kind kind, String path, JsonNode parameters, Instant startedAt, Instant finishedAt,
                           JsonNode result, String error, ServiceException.Kind errorKind) {

    public enum Kind {
        OPTIMIZE, DELETE
    }

    public boolean isDone() {
        return finishedAt != null;
    }
}
