package dev.aitoingest.services;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.aitoingest.Json;
import dev.aitoingest.job.FailedInvocations;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The processor's on-failure destination: Lambda puts there, as an invocation record, each
 * asynchronous invocation that failed every retry; the failed event is its {@code requestPayload}.
 */
public final class SqsFailedInvocations implements FailedInvocations {

    private static final int BATCH = 10;
    /** A short long-poll: SQS's short polling may answer empty while messages wait. */
    private static final int WAIT_SECONDS = 1;

    private final SqsClient sqs;
    private final String queueUrl;

    public SqsFailedInvocations(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    @Override
    public List<FailedInvocation> receive() {
        return sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(BATCH).waitTimeSeconds(WAIT_SECONDS)).messages().stream()
                .map(message -> new FailedInvocation(message.receiptHandle(), jobIdOf(message.body()))).toList();
    }

    @Override
    public void delete(FailedInvocation invocation) {
        sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(invocation.handle()));
    }

    /** The job a failed processing request named; none for an upload event, a sweep or a record that is not JSON. */
    public static Optional<String> jobIdOf(String invocationRecord) {
        try {
            JsonNode record = Json.MAPPER.readTree(invocationRecord);
            return ProcessingRequest.jobId(record == null ? null : record.path("requestPayload"));
        } catch (JsonProcessingException notJson) {
            return Optional.empty();
        }
    }
}
