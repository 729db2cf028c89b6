package dev.aitoingest.job;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * What the processor function does with an event: an S3 {@code ObjectCreated} notification
 * records an upload; a processing request (from the trigger or a continuation) runs the job.
 */
public final class ProcessorEvents {

    /** The outcome of one event: uploads recorded, or the job run and whether it must continue. */
    public record Handled(int uploadsRecorded, String jobId, FileJobProcessor.Outcome outcome) {
    }

    private final JobStore jobs;
    private final FileJobProcessor processor;

    public ProcessorEvents(JobStore jobs, FileJobProcessor processor) {
        this.jobs = jobs;
        this.processor = processor;
    }

    public Handled handle(JsonNode event, BooleanSupplier timeUp) {
        if (event != null && event.has("Records")) {
            int recorded = 0;
            for (JsonNode record : event.get("Records")) {
                if (!record.path("eventName").asText().startsWith("ObjectCreated")) {
                    continue;
                }
                // S3 events carry keys URL-encoded, with '+' for spaces
                String key = URLDecoder.decode(record.path("s3").path("object").path("key").asText(), StandardCharsets.UTF_8);
                long size = record.path("s3").path("object").path("size").asLong();
                if (UploadKeys.jobId(key).map(id -> jobs.recordUpload(id, size)).orElse(false)) {
                    recorded++;
                }
            }
            return new Handled(recorded, null, FileJobProcessor.Outcome.DONE);
        }
        String jobId = ProcessingRequest.jobId(event).orElseThrow(() -> new IllegalArgumentException(
                "unrecognised event: expected S3 Records or {\"jobId\": ...}"));
        return new Handled(0, jobId, processor.process(jobId, timeUp));
    }
}
