package dev.aitoingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aitoingest.ServiceException;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** How storage failures that reach the edge are answered. */
class ErrorResponsesTest {

    private final ErrorResponses responses = new ErrorResponses();

    @Test
    void throttlingThatOutlastedTheRetriesIs429WithRetryAfter() {
        for (Exception throttled : new Exception[] {
            // as the SDK builds it from DynamoDB's answer
            ProvisionedThroughputExceededException.builder().message("slow down").statusCode(400)
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("ProvisionedThroughputExceededException").build()).build(),
            S3Exception.builder().message("SlowDown").statusCode(503).build()}) {
            Response answer = responses.storage((AwsServiceException) throttled);
            assertThat(answer.getStatus()).isEqualTo(429);
            assertThat(answer.getHeaderString("Retry-After")).isEqualTo("1");
            assertThat(((ObjectNode) answer.getEntity()).path("status").asInt()).isEqualTo(429);
        }
    }

    @Test
    void aProcessorThatCouldNotBeStartedIs503WithRetryAfter() {
        Response answer = responses.service(ServiceException.unavailable("The file's processing could not be started just now"));
        assertThat(answer.getStatus()).isEqualTo(503);
        assertThat(answer.getHeaderString("Retry-After")).isEqualTo("5");
        ObjectNode body = (ObjectNode) answer.getEntity();
        assertThat(body.path("status").asInt()).isEqualTo(503);
        assertThat(body.path("message").asText()).isEqualTo("The file's processing could not be started just now");
    }

    @Test
    void anyOtherStorageFailureIsA500() {
        Response answer = responses.storage(DynamoDbException.builder().message("broken").statusCode(500).build());
        assertThat(answer.getStatus()).isEqualTo(500);
    }
}
