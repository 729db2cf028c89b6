package dev.aitoingest.services;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aitoingest.Json;
import java.util.Optional;

/** The event that asks the processor to run a job: {@code {"jobId": "<uuid>"}}, from the trigger or a continuation. */
public final class ProcessingRequest {

    public static final String JOB_ID = "jobId";

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
}
