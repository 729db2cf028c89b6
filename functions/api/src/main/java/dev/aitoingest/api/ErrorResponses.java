package dev.aitoingest.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aitoingest.ServiceException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** Turns every failure into the JSON error body of SPEC.md: {"message", "status"} and row errors. */
public class ErrorResponses {

    private static final Logger LOG = Logger.getLogger(ErrorResponses.class);

    /** A dependency briefly unavailable (the processor could not be invoked): the client may retry after this many seconds. */
    static final String UNAVAILABLE_RETRY_AFTER = "5";

    @ServerExceptionMapper
    public Response service(ServiceException e) {
        int status = status(e.kind());
        Response answer = json(status, WireFormat.error(e.getMessage(), status, e));
        if (e.kind() == ServiceException.Kind.UNAVAILABLE) {
            return Response.fromResponse(answer).header("Retry-After", UNAVAILABLE_RETRY_AFTER).build();
        }
        return answer;
    }

    static int status(ServiceException.Kind kind) {
        return switch (kind) {
            case BAD_REQUEST -> 400;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case PAYLOAD_TOO_LARGE -> 413;
            case UNSUPPORTED_MEDIA_TYPE -> 415;
            case UNAVAILABLE -> 503;
        };
    }

    @ServerExceptionMapper
    public Response platform(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String message = switch (status) {
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 406 -> "Not acceptable: this API answers application/json";
            case 413 -> "The request body is too large";
            case 415 -> "Unsupported content type";
            default -> e.getMessage() == null ? "Request failed" : e.getMessage();
        };
        if (status >= 500) {
            LOG.error("request failed", e);
        }
        return json(status, WireFormat.error(message, status, null));
    }

    /**
     * Storage throttling that outlasted the SDK's retries (DynamoDB's ProvisionedThroughputExceeded,
     * S3's SlowDown) is the client's cue to slow down: 429 with Retry-After, never a 500.
     */
    @ServerExceptionMapper
    public Response storage(AwsServiceException e) {
        if (e.isThrottlingException() || e.statusCode() == 503) {
            return Response.fromResponse(json(429, WireFormat.error("The storage is throttling requests; retry in a moment", 429, null)))
                    .header("Retry-After", "1").build();
        }
        return unexpected(e);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        LOG.error("unexpected failure", e);
        return json(500, WireFormat.error("Internal error: " + e.getClass().getSimpleName(), 500, null));
    }

    static Response json(int status, ObjectNode body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE.withCharset("utf-8")).entity(body).build();
    }
}
