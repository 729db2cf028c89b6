package dev.aitoingest.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aitoingest.Json;
import dev.aitoingest.query.SearchRequest;
import dev.aitoingest.query.SearchService;
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

/** Reading rows back: {@code _search} and its alias {@code _query}. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
@Tag(name = "Search", description = "Reading rows back: filter, order, select and page")
@SecurityRequirement(name = "apiKey")
@APIResponse(responseCode = "200", description = "One page of rows", content = @Content(mediaType = MediaType.APPLICATION_JSON,
        schema = @Schema(type = SchemaType.OBJECT), examples = @ExampleObject(name = "london", value = ApiExamples.SEARCH_ANSWER)))
@APIResponse(responseCode = "400", ref = "BadRequest")
@APIResponse(responseCode = "403", ref = "Forbidden")
@APIResponse(responseCode = "404", ref = "NotFound")
public class SearchResource {

    @Inject
    SearchService search;

    @POST
    @Path("_search")
    @Operation(summary = "Search rows", description = "Without `orderBy`, rows come in insertion order; `limit` defaults to 10.")
    public ObjectNode search(@RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT),
            examples = @ExampleObject(name = "london", value = ApiExamples.SEARCH))) byte[] body) {
        return WireFormat.search(search.search(SearchRequest.parse(Json.readBody(body))));
    }

    @POST
    @Path("_query")
    @Operation(summary = "Search rows (Aito's alias of _search)")
    public ObjectNode query(@RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT),
            examples = @ExampleObject(name = "london", value = ApiExamples.SEARCH))) byte[] body) {
        return search(body);
    }
}
