package dev.aitoingest.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** How a file job ended, read from its last status: counts, its error if it failed, and the failing rows the server kept. */
record JobOutcome(String id, String phase, long completed, long failed, long durationMs, String error, List<FailingRow> failingRows) {

    /** One failing row: the server's explanation and the row as sent (a CSV record or a line that is not JSON is text). */
    record FailingRow(String message, String row) {
    }

    static JobOutcome fromStatus(String id, JsonNode answer) {
        JsonNode status = answer.path("status");
        JsonNode rows = answer.path("errors").path("rows");
        JsonNode details = answer.path("errors").path("details");
        List<FailingRow> failing = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            JsonNode row = rows.get(i);
            failing.add(new FailingRow(details.path(i).path("message").asText(""), row.isTextual() ? row.asText() : row.toString()));
        }
        return new JobOutcome(id, status.path("phase").asText(), status.path("completedCount").asLong(),
                status.path("failedCount").asLong(), status.path("totalDurationMs").asLong(),
                status.hasNonNull("error") ? status.path("error").asText() : null, failing);
    }

    boolean ended() {
        return "failed".equals(phase) || "cancelled".equals(phase);
    }

    /** The summary line, the job's error if any, then the failing rows; the exit code that goes with it. */
    int report(String name, long maxErrors, PrintStream out) {
        out.printf(Locale.ROOT, "%s: %,d rows stored, %,d failed (file job %s, %.1f s)%n", name, completed, failed, id, durationMs / 1000.0);
        if (!failingRows.isEmpty()) {
            out.println(failed > failingRows.size()
                    ? String.format(Locale.ROOT, "The last %d of %,d failing rows (the server keeps the last %d):", failingRows.size(), failed, failingRows.size())
                    : "Failing rows:");
            for (FailingRow row : failingRows) {
                out.println("  " + row.message());
                out.println("    " + ApiClient.abbreviate(row.row().replace("\r", "\\r").replace("\n", "\\n"), 500));
            }
        }
        if (ended()) {
            out.println(name + ": the job ended " + phase + (error == null ? "" : ": " + error));
            return ExitCode.FAILED;
        }
        return failed > maxErrors ? ExitCode.ROWS_FAILED : ExitCode.OK;
    }
}
