package dev.aitoingest.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** Polls a file job's status until it has finished, with a bar over the compressed bytes the processor has read. */
final class FileJobWatcher {

    private static final long POLL_MS = 500;

    private final ApiClient api;
    private final Console console;

    FileJobWatcher(ApiClient api, Console console) {
        this.api = api;
        this.console = console;
    }

    static String statusPath(String table, String id) {
        return "/api/v1/data/" + ApiClient.encode(table) + "/file/" + ApiClient.encode(id);
    }

    JobOutcome watch(String table, String id, String task) {
        JsonNode answer = api.get(statusPath(table, id));
        long total = Math.max(1, answer.path("status").path("bytesTotal").asLong());
        try (Progress bar = Progress.bytes(console, task, total)) {
            while (true) {
                JsonNode status = answer.path("status");
                bar.total(status.path("bytesTotal").asLong());
                bar.stepTo(status.path("bytesRead").asLong());
                bar.message(progressMessage(status));
                if (status.path("finished").asBoolean()) {
                    if ("finished".equals(status.path("phase").asText())) {
                        bar.complete();
                    }
                    return JobOutcome.fromStatus(id, answer);
                }
                sleep();
                answer = api.get(statusPath(table, id));
            }
        }
    }

    private static String progressMessage(JsonNode status) {
        long ms = status.path("totalDurationMs").asLong();
        long rows = status.path("completedCount").asLong();
        return String.format(Locale.ROOT, "%,d rows, %,d failed, %,d rows/s", rows, status.path("failedCount").asLong(),
                ms == 0 ? 0 : rows * 1000 / ms);
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("Interrupted", e);
        }
    }
}
