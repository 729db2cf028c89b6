package dev.aitoingest.processor;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aitoingest.Json;
import dev.aitoingest.job.FileJobProcessor;
import dev.aitoingest.job.FileJobs;
import dev.aitoingest.job.FailedInvocations;
import dev.aitoingest.job.JobRunner;
import dev.aitoingest.job.JobSweep;
import dev.aitoingest.services.ProcessingRequest;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * The processor function. Its events: an S3 {@code ObjectCreated} notification of an upload, which
 * records the upload on its job; a processing request (from the trigger, a continuation or the
 * sweep), which runs the job for this invocation; and the scheduled sweep, which resumes stalled
 * jobs and those of failed invocations.
 */
@Named("processor")
public class ProcessorHandler implements RequestHandler<JsonNode, ObjectNode> {

    private static final Logger LOG = Logger.getLogger(ProcessorHandler.class);
    /** In every log line of an invocation (JSON logs): Lambda's request id, and the job it runs. */
    static final String AWS_REQUEST_ID = "awsRequestId";
    static final String JOB_ID = "jobId";

    @Inject
    FileJobs fileJobs;

    @Inject
    JobRunner runner;

    @Inject
    JobSweep sweep;

    @Inject
    FailedInvocations failedInvocations;

    @Override
    public ObjectNode handleRequest(JsonNode event, Context context) {
        if (context != null && context.getAwsRequestId() != null) {
            MDC.put(AWS_REQUEST_ID, context.getAwsRequestId());
        }
        try {
            return handle(event, context);
        } catch (RuntimeException e) {
            // logged here, where the line still carries the job id; Lambda then retries the invocation
            LOG.error("the invocation failed", e);
            throw e;
        } finally {
            MDC.remove(AWS_REQUEST_ID);
            MDC.remove(JOB_ID);
        }
    }

    private ObjectNode handle(JsonNode event, Context context) {
        if (event != null && event.has("Records")) {
            return Json.MAPPER.createObjectNode().put("uploadsRecorded", recordUploads(event.get("Records")));
        }
        if (ProcessingRequest.isSweep(event)) {
            return swept(sweep.sweep(failedInvocations));
        }
        String jobId = ProcessingRequest.jobId(event).orElseThrow(() -> new IllegalArgumentException(
                "unrecognised event: expected S3 Records, {\"jobId\": ...} or {\"sweep\": true}"));
        MDC.put(JOB_ID, jobId);
        FileJobProcessor.Outcome outcome = runner.run(jobId, remaining(context));
        LOG.infof("job %s: %s", jobId, outcome.name().toLowerCase(Locale.ROOT));
        return Json.MAPPER.createObjectNode().put("uploadsRecorded", 0).put("jobId", jobId)
                .put("outcome", outcome.name().toLowerCase(Locale.ROOT));
    }

    private static ObjectNode swept(JobSweep.Result result) {
        result.problems().forEach(problem -> LOG.warnf("stalled job not resumed: %s", problem));
        ObjectNode answer = Json.MAPPER.createObjectNode().put("uploadsRecorded", 0).put("failedInvocations", result.failedInvocations());
        ArrayNode resumed = answer.putArray("resumed");
        result.resumed().forEach(resumed::add);
        return answer;
    }

    private int recordUploads(JsonNode records) {
        int recorded = 0;
        for (JsonNode record : records) {
            if (!record.path("eventName").asText().startsWith("ObjectCreated")) {
                continue;
            }
            JsonNode object = record.path("s3").path("object");
            // S3 events carry keys URL-encoded, with '+' for spaces
            String key = URLDecoder.decode(object.path("key").asText(), StandardCharsets.UTF_8);
            if (fileJobs.recordUpload(key, object.path("size").asLong())) {
                recorded++;
            }
        }
        return recorded;
    }

    /** Lambda's remaining time; none for a context without a deadline (a local or test invocation). */
    private static Duration remaining(Context context) {
        long millis = context == null ? 0 : context.getRemainingTimeInMillis();
        return millis > 0 && millis < Duration.ofDays(1).toMillis() ? Duration.ofMillis(millis) : null;
    }
}
