package dev.aitoingest.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aitoingest.Json;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** The status answer of SPEC.md: every Aito field always present, our additions beside them. */
public final class JobStatusJson {

    private JobStatusJson() {
    }

    public static ObjectNode write(FileJobs.Status status, Clock clock) {
        FileJob job = status.job();
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode s = root.putObject("status");
        s.put("finished", job.phase().isDone());
        s.put("completedCount", job.completedCount());
        s.set("lastSuccessfulElement", parseOrText(job.lastSuccessfulElement()));
        s.put("startedAt", job.startedAt() == null ? null : job.startedAt().toString());
        s.put("finishedAt", job.finishedAt() == null ? null : job.finishedAt().toString());
        Duration took = job.startedAt() == null ? Duration.ZERO
                : Duration.between(job.startedAt(), job.finishedAt() == null ? clock.instant() : job.finishedAt());
        long ms = Math.max(0, took.toMillis());
        s.put("throughput", (ms == 0 ? 0 : job.completedCount() * 1000 / ms) + " rows/s");
        s.put("totalDuration", String.format(Locale.ROOT, "%.1f s", ms / 1000.0));
        s.put("totalDurationMs", ms);
        s.put("phase", job.phase().wireName());
        s.put("failedCount", job.failedCount());
        s.put("bytesTotal", job.bytesTotal());
        s.put("bytesRead", job.bytesRead());
        s.put("progress", job.bytesTotal() == 0 ? (job.phase().isDone() ? 1.0 : 0.0)
                : Math.min(1.0, (double) job.bytesRead() / job.bytesTotal()));
        if (job.error() != null) {
            s.put("error", job.error());
        }
        List<FailedRow> failures = status.failures();
        ObjectNode errors = root.putObject("errors");
        errors.put("message", "Last " + failures.size() + " failing rows");
        ArrayNode rows = errors.putArray("rows");
        ArrayNode details = errors.putArray("details");
        for (FailedRow failure : failures) {
            rows.add(parseOrText(failure.row()));
            ObjectNode detail = details.addObject();
            detail.put("line", failure.line());
            if (failure.column() != null) {
                detail.put("column", failure.column());
            }
            detail.put("message", failure.message());
        }
        return root;
    }

    /** A row as sent: its JSON when it parses, otherwise its text (a line that is not JSON, or was cut). */
    private static JsonNode parseOrText(String row) {
        if (row == null) {
            return Json.MAPPER.nullNode();
        }
        try {
            return Json.MAPPER.readTree(row);
        } catch (IOException e) {
            return Json.MAPPER.getNodeFactory().textNode(row);
        }
    }
}
