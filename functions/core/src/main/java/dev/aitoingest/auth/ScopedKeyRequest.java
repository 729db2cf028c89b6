package dev.aitoingest.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aitoingest.ServiceException;
import dev.aitoingest.schema.Names;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.SortedSet;
import java.util.TreeSet;

/** What a client asks of a new scoped key: {@code {"tables": [...], "expires": "<ISO-8601>"}}. */
public record ScopedKeyRequest(SortedSet<String> tables, Instant expires) {

    /** More than this many tables is a mistake, not a scope. */
    public static final int MAX_TABLES = 100;

    public static ScopedKeyRequest fromJson(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ServiceException.badRequest("Expected a JSON object: {\"tables\": [<table>, ...], \"expires\": \"<ISO-8601 instant>\"}");
        }
        JsonNode tables = body.path("tables");
        if (!tables.isArray() || tables.isEmpty() || tables.size() > MAX_TABLES) {
            throw ServiceException.badRequest("'tables' must be an array of 1 to " + MAX_TABLES + " table names");
        }
        SortedSet<String> names = new TreeSet<>();
        for (JsonNode table : tables) {
            if (!table.isTextual()) {
                throw ServiceException.badRequest("'tables' must hold table names as strings, got " + table);
            }
            Names.requireValidTable(table.asText());
            names.add(table.asText());
        }
        JsonNode expires = body.path("expires");
        if (!expires.isTextual()) {
            throw ServiceException.badRequest("'expires' must be an ISO-8601 instant such as \"2027-01-31T00:00:00Z\"");
        }
        try {
            return new ScopedKeyRequest(names, Instant.parse(expires.asText()));
        } catch (DateTimeParseException e) {
            throw ServiceException.badRequest("'expires' must be an ISO-8601 instant such as \"2027-01-31T00:00:00Z\", got \""
                    + expires.asText() + "\"");
        }
    }
}
