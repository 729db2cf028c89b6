package dev.aitoingest.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aitoingest.Json;
import dev.aitoingest.RowError;
import dev.aitoingest.ServiceException;
import dev.aitoingest.job.FailedRow;
import dev.aitoingest.job.FileJob;
import dev.aitoingest.job.FileJobs;
import dev.aitoingest.job.JobPhase;
import dev.aitoingest.job.OperationJob;
import dev.aitoingest.query.SearchResult;
import dev.aitoingest.schema.ColumnSchema;
import dev.aitoingest.schema.SchemaJson;
import dev.aitoingest.schema.TableSchema;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every JSON answer of the API as SPEC.md spells it, rendered from core's records in this one place.
 * The schema documents are Aito's schema format, which core also stores, so {@link SchemaJson} writes them.
 */
final class WireFormat {

    private WireFormat() {
    }

    static ObjectNode version(String version) {
        return Json.MAPPER.createObjectNode().put("version", version);
    }

    static ObjectNode schema(Map<String, TableSchema> tables) {
        return SchemaJson.writeDatabase(tables);
    }

    static ObjectNode table(TableSchema table) {
        return SchemaJson.writeTable(table);
    }

    static ObjectNode column(ColumnSchema column) {
        return SchemaJson.writeColumn(column);
    }

    static ObjectNode empty() {
        return Json.MAPPER.createObjectNode();
    }

    static ObjectNode deletedRows(long total) {
        return Json.MAPPER.createObjectNode().put("total", total);
    }

    /** A job as Aito's jobs API shows it: {@code finishedAt} only once it is done (clients take its presence as done). */
    static ObjectNode job(OperationJob job) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("id", job.id()).put("path", job.path()).put("startedAt", job.startedAt().toString());
        body.set("parameters", job.parameters());
        if (job.isDone()) {
            body.put("finishedAt", job.finishedAt().toString());
            if (job.error() != null) {
                body.put("error", job.error());
            }
        }
        return body;
    }

    static ObjectNode jobs(List<OperationJob> jobs) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode list = body.putArray("jobs");
        jobs.forEach(job -> list.add(job(job)));
        return body;
    }

    static ObjectNode deleted(List<String> names) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        names.forEach(body.putArray("deleted")::add);
        return body;
    }

    static ObjectNode stored(long entries) {
        return Json.MAPPER.createObjectNode().put("entries", entries).put("status", "ok");
    }

    static ObjectNode search(SearchResult result) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("offset", result.offset());
        body.put("total", result.total());
        result.hits().forEach(body.putArray("hits")::add);
        return body;
    }

    static ObjectNode upload(FileJobs.Upload upload) {
        return Json.MAPPER.createObjectNode().put("id", upload.id()).put("url", upload.url()).put("method", "PUT")
                .put("expires", upload.expires().truncatedTo(ChronoUnit.SECONDS).toString());
    }

    static ObjectNode triggered(String id, FileJobs.Triggered triggered) {
        String status = switch (triggered) {
            case STARTED -> "started";
            case IN_PROGRESS -> "inprogress";
            case FINISHED -> "finished";
        };
        return Json.MAPPER.createObjectNode().put("id", id).put("status", status);
    }

    /** The status answer: every Aito field always present, our additions beside them. */
    static ObjectNode jobStatus(FileJobs.Status status, Clock clock) {
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
        s.put("format", job.csv() == null ? "ndjson" : "csv");
        if (job.csv() != null) {
            s.put("delimiter", String.valueOf(job.csv().delimiter()));
        }
        List<FailedRow> failures = status.failures();
        ObjectNode errors = root.putObject("errors");
        errors.put("message", "Last " + failures.size() + " failing rows");
        ArrayNode rows = errors.putArray("rows");
        ArrayNode details = errors.putArray("details");
        for (FailedRow failure : failures) {
            // a CSV record is text, even when it happens to read as JSON (a lone number)
            rows.add(job.csv() == null ? parseOrText(failure.row()) : Json.MAPPER.getNodeFactory().textNode(failure.row()));
            ObjectNode detail = details.addObject();
            detail.put("line", failure.line());
            if (failure.column() != null) {
                detail.put("column", failure.column());
            }
            detail.put("message", failure.message());
        }
        return root;
    }

    /** The status after a cancel, with a message that says what stays. */
    static ObjectNode cancelled(FileJobs.Status status, Clock clock) {
        ObjectNode body = jobStatus(status, clock);
        FileJob job = status.job();
        body.put("message", job.phase() == JobPhase.CANCELLED
                ? "Cancelled; the " + job.completedCount() + " rows stored before stay"
                : "The job had already ended " + job.phase().wireName() + "; nothing changed");
        return body;
    }

    /** The error body: {"message", "status"}, and for invalid rows the first of them and how many there were. */
    static ObjectNode error(String message, int status, ServiceException cause) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("message", message);
        body.put("status", status);
        if (cause != null && !cause.errors().isEmpty()) {
            ArrayNode errors = body.putArray("errors");
            for (RowError error : cause.errors()) {
                ObjectNode entry = errors.addObject();
                if (error.row() != null) {
                    entry.put("row", error.row());
                }
                if (error.line() != null) {
                    entry.put("line", error.line());
                }
                if (error.column() != null) {
                    entry.put("column", error.column());
                }
                entry.put("message", error.message());
            }
            body.put("errorCount", cause.errorCount());
        }
        return body;
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
