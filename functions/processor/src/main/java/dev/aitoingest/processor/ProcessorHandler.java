package dev.aitoingest.processor;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aitoingest.Json;
import dev.aitoingest.job.FileJobProcessor;
import dev.aitoingest.job.ProcessingInvoker;
import dev.aitoingest.job.ProcessorEvents;
import dev.aitoingest.services.ServiceConfig;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * The processor function: S3 upload events and processing requests go to core; when time runs
 * out the job is handed to a fresh invocation of this function.
 */
@Named("processor")
public class ProcessorHandler implements RequestHandler<JsonNode, ObjectNode> {

    /** Stop this long before Lambda's deadline: room to finish the chunk in hand. */
    private static final long DEADLINE_MARGIN_MS = 60_000;

    @Inject
    ProcessorEvents events;

    @Inject
    ProcessingInvoker invoker;

    @Inject
    ServiceConfig config;

    @Override
    public ObjectNode handleRequest(JsonNode event, Context context) {
        ProcessorEvents.Handled handled = events.handle(event, timeUp(context));
        if (handled.outcome() == FileJobProcessor.Outcome.CONTINUE) {
            invoker.startProcessing(handled.jobId());
        }
        ObjectNode answer = Json.MAPPER.createObjectNode().put("uploadsRecorded", handled.uploadsRecorded());
        if (handled.jobId() != null) {
            answer.put("jobId", handled.jobId()).put("outcome", handled.outcome().name().toLowerCase(Locale.ROOT));
        }
        return answer;
    }

    /** The configured budget, or Lambda's own deadline when it comes sooner (a local context has none). */
    private BooleanSupplier timeUp(Context context) {
        long budgetEnd = System.nanoTime() + config.processing().timeBudget().toNanos();
        long remaining = context == null ? 0 : context.getRemainingTimeInMillis();
        boolean hasDeadline = remaining > 0 && remaining < 24 * 3_600_000L;
        long deadlineEnd = System.nanoTime() + (remaining - DEADLINE_MARGIN_MS) * 1_000_000;
        return () -> System.nanoTime() > budgetEnd || (hasDeadline && System.nanoTime() > deadlineEnd);
    }
}
