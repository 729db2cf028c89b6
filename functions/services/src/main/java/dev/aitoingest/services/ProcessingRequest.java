package dev.aitoingest.services;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aitoingest.Json;
import java.util.Optional;

/**
 * The events that ask the processor for work: {@code {"jobId": "<uuid>"}} runs a job (from the
 * trigger, a continuation or the sweep), {@code {"sweep": true}} resumes stalled jobs (from the
 * schedule in template.yaml).
 */
public final class ProcessingRequest {

    public static final String JOB_ID = "jobId";
    public static final String SWEEP = "sweep";

    private ProcessingRequest() {
    }

    public static String toJson(String jobId) {
        return Json.MAPPER.createObjectNode().put(JOB_ID, jobId).toString();
    }

    /** The job id, when the event is a processing request. */
    public static Optional<String> jobId(JsonNode event) {
        JsonNode id = event == null ? null : event.get(JOB_ID);
        return id != null && id.isTextual() ? Optional.of(id.asText()) : Optional.empty();
    }

    /** The event is the scheduled sweep. */
    public static boolean isSweep(JsonNode event) {
        return event != null && event.path(SWEEP).asBoolean(false);
    }
}
