package dev.aitoingest.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aitoingest.Json;
import dev.aitoingest.rewrite.TableRewriter;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Deleting rows: {@code POST /api/v1/data/_delete}, a literal path that wins over {@code /api/v1/data/{table}}. */
@Path("/api/v1/data/_delete")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
@RequiresWriteKey
@Tag(name = "Data")
@SecurityRequirement(name = "apiKey")
@APIResponse(responseCode = "400", ref = "BadRequest")
@APIResponse(responseCode = "403", ref = "Forbidden")
@APIResponse(responseCode = "404", ref = "NotFound")
public class DeleteResource {

    @Inject
    TableRewriter rewriter;

    @POST
    @Operation(summary = "Delete the rows a where matches", description = "Copy-on-write: rewrites only the segments that hold "
            + "matching rows, in one commit. Runs within the request; use the jobs API for a table too big for 30 s.")
    @APIResponse(responseCode = "200", description = "How many rows were deleted", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.OBJECT), examples = @ExampleObject(name = "deleted", value = "{\"total\": 2}")))
    public ObjectNode delete(@RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT),
            examples = @ExampleObject(name = "london", value = "{\"from\": \"customers\", \"where\": {\"tags\": {\"$has\": \"london\"}}}")))
                             byte[] body) {
        return WireFormat.deletedRows(rewriter.delete(TableRewriter.DeleteRequest.parse(Json.readBody(body))));
    }
}
