package dev.aitoingest.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aitoingest.Json;
import dev.aitoingest.ServiceException;
import dev.aitoingest.ingest.Payloads;
import dev.aitoingest.ingest.TableWriter;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.Locale;
import java.util.Set;

/** Row uploads: one row, a batch (JSON array) and a stream (NDJSON). */
@Path("/api/v1/data/{table}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
@RequiresWriteKey
public class DataResource {

    /*
     * Binary types are accepted too: API Gateway and the local Lambda emulation pass a body with a
     * text type (JSON included) to the function as UTF-8 text, which garbles gzip bytes, so a gzip
     * body must travel as application/gzip or application/octet-stream.
     */
    private static final Set<String> JSON_TYPES = Set.of("application/json", "text/plain",
            "application/gzip", "application/octet-stream");
    private static final Set<String> NDJSON_TYPES = Set.of("application/x-ndjson", "application/ndjson",
            "application/jsonl", "application/json", "text/plain", "application/gzip", "application/octet-stream");

    @Inject
    TableWriter writer;

    @POST
    public JsonNode one(@PathParam("table") String table, @HeaderParam(HttpHeaders.CONTENT_TYPE) String type,
                        @HeaderParam(HttpHeaders.CONTENT_ENCODING) String encoding, byte[] body) {
        requireType(type, JSON_TYPES, "application/json");
        return writer.appendOne(table, Payloads.read(body, encoding));
    }

    @POST
    @Path("batch")
    public ObjectNode batch(@PathParam("table") String table, @HeaderParam(HttpHeaders.CONTENT_TYPE) String type,
                            @HeaderParam(HttpHeaders.CONTENT_ENCODING) String encoding, byte[] body) {
        requireType(type, JSON_TYPES, "application/json");
        return stored(writer.appendBatch(table, Payloads.read(body, encoding)));
    }

    @POST
    @Path("stream")
    public ObjectNode stream(@PathParam("table") String table, @HeaderParam(HttpHeaders.CONTENT_TYPE) String type,
                             @HeaderParam(HttpHeaders.CONTENT_ENCODING) String encoding, byte[] body) {
        requireType(type, NDJSON_TYPES, "application/x-ndjson");
        return stored(writer.appendStream(table, Payloads.read(body, encoding)));
    }

    /** A missing content type is taken as JSON; a form or other format is refused rather than misread. */
    private static void requireType(String contentType, Set<String> accepted, String preferred) {
        if (contentType == null || contentType.isBlank()) {
            return;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!accepted.contains(type) && !type.endsWith("+json")) {
            throw ServiceException.unsupportedMediaType("Unsupported Content-Type \"" + type + "\"; send " + preferred);
        }
    }

    private static ObjectNode stored(long entries) {
        return Json.MAPPER.createObjectNode().put("entries", entries).put("status", "ok");
    }
}
