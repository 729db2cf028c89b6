package dev.aitoingest.cli;

import com.fasterxml.jackson.databind.JsonNode;

/** The API refused a request: its status and its JSON error body (which lists the bad rows of an upload). */
final class ApiException extends CliException {

    private final int status;
    private final JsonNode body;

    ApiException(String message, int status, JsonNode body) {
        super(message);
        this.status = status;
        this.body = body;
    }

    int status() {
        return status;
    }

    JsonNode body() {
        return body;
    }
}
