package dev.aitoingest.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aitoingest.Json;
import dev.aitoingest.auth.AccessControl;
import dev.aitoingest.auth.CreatedKey;
import dev.aitoingest.auth.ScopedKey;
import dev.aitoingest.auth.ScopedKeyRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Scoped keys (ext): write-only keys for named tables, managed with the read-write key. */
@Path("/api/v1/keys")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
@RequiresWriteKey
@Tag(name = "Keys (ext)", description = "Keys that may only upload to named tables until they expire")
@SecurityRequirement(name = "apiKey")
@APIResponse(responseCode = "400", ref = "BadRequest")
@APIResponse(responseCode = "403", ref = "Forbidden")
public class KeysResource {

    static final String CREATE_EXAMPLE = "{\"tables\": [\"customers\"], \"expires\": \"2027-01-31T00:00:00Z\"}";
    static final String CREATED_EXAMPLE = "{\"id\": \"6f1d3c2a-0b7e-4c55-9d8e-2a4f5b6c7d8e\", "
            + "\"key\": \"aitosk_6f1d3c2a-0b7e-4c55-9d8e-2a4f5b6c7d8e_9c1e...\", \"tables\": [\"customers\"], "
            + "\"expires\": \"2027-01-31T00:00:00Z\", \"createdAt\": \"2026-12-01T10:00:00Z\", \"revoked\": false, \"expired\": false}";

    @Inject
    AccessControl access;

    @POST
    @Operation(summary = "Create a scoped key (ext)", description = "The key may upload (a row, a batch, a stream, a file, and "
            + "that file's trigger and status) to the tables named, until `expires`; nothing else. The key is in this answer "
            + "only: it is stored hashed.")
    @APIResponse(responseCode = "200", description = "The new key, shown once", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.OBJECT), examples = @ExampleObject(name = "created", value = CREATED_EXAMPLE)))
    public ObjectNode create(@RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT),
            examples = @ExampleObject(name = "customers", value = CREATE_EXAMPLE))) byte[] body) {
        CreatedKey created = access.createKey(ScopedKeyRequest.fromJson(Json.readBody(body)));
        ObjectNode answer = Json.MAPPER.createObjectNode();
        answer.put("id", created.scoped().id()).put("key", created.key());
        return answer.setAll(describe(created.scoped()));
    }

    @GET
    @Operation(summary = "List the scoped keys (ext)", description = "Never the keys themselves; revoked and expired keys stay listed "
            + "for 30 days after they expire.")
    @APIResponse(responseCode = "200", description = "The keys", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.OBJECT)))
    public ObjectNode list() {
        List<ScopedKey> keys = access.keys();
        ObjectNode answer = Json.MAPPER.createObjectNode();
        ArrayNode listed = answer.putArray("keys");
        keys.forEach(key -> listed.add(Json.MAPPER.createObjectNode().put("id", key.id()).setAll(describe(key))));
        return answer;
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Revoke a scoped key (ext)", description = "The key stops working at once in this function instance, "
            + "within 30 seconds in the others.")
    @APIResponse(responseCode = "200", description = "The revoked key", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    public ObjectNode revoke(@PathParam("id") String id) {
        ScopedKey revoked = access.revoke(id);
        return Json.MAPPER.createObjectNode().put("id", revoked.id()).setAll(describe(revoked));
    }

    private static ObjectNode describe(ScopedKey key) {
        ObjectNode described = Json.MAPPER.createObjectNode();
        ArrayNode tables = described.putArray("tables");
        key.tables().forEach(tables::add);
        described.put("expires", key.expires().toString()).put("createdAt", key.createdAt().toString())
                .put("revoked", key.revokedAt().isPresent());
        key.revokedAt().ifPresent(at -> described.put("revokedAt", at.toString()));
        described.put("expired", !Clock.systemUTC().instant().isBefore(key.expires()));
        return described;
    }
}
