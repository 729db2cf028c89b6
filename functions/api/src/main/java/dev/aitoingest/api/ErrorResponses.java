package dev.aitoingest.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aitoingest.Json;
import dev.aitoingest.RowError;
import dev.aitoingest.ServiceException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every failure into the JSON error body of SPEC.md: {"message", "status"} and row errors. */
public class ErrorResponses {

    private static final Logger LOG = Logger.getLogger(ErrorResponses.class);

    @ServerExceptionMapper
    public Response service(ServiceException e) {
        int status = switch (e.kind()) {
            case BAD_REQUEST -> 400;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case PAYLOAD_TOO_LARGE -> 413;
            case UNSUPPORTED_MEDIA_TYPE -> 415;
        };
        ObjectNode body = body(e.getMessage(), status);
        if (!e.errors().isEmpty()) {
            ArrayNode errors = body.putArray("errors");
            for (RowError error : e.errors()) {
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
            body.put("errorCount", e.errorCount());
        }
        return json(status, body);
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
        return json(status, body(message, status));
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        LOG.error("unexpected failure", e);
        return json(500, body("Internal error: " + e.getClass().getSimpleName(), 500));
    }

    static ObjectNode body(String message, int status) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("message", message);
        body.put("status", status);
        return body;
    }

    private static Response json(int status, ObjectNode body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE.withCharset("utf-8")).entity(body).build();
    }
}
