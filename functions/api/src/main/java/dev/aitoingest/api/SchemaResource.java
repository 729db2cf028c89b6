package dev.aitoingest.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aitoingest.Json;
import dev.aitoingest.schema.SchemaService;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
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

/** The schema API at database, table and column level. */
@Path("/api/v1/schema")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
@Tag(name = "Schema", description = "Tables and their columns; replacing or dropping a table drops its rows")
@SecurityRequirement(name = "apiKey")
@APIResponse(responseCode = "400", ref = "BadRequest")
@APIResponse(responseCode = "403", ref = "Forbidden")
@APIResponse(responseCode = "404", ref = "NotFound")
public class SchemaResource {

    @Inject
    SchemaService schemas;

    @GET
    @Operation(summary = "The whole schema")
    @APIResponse(responseCode = "200", description = "Every table's schema", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.OBJECT), examples = @ExampleObject(name = "customers", value = ApiExamples.DATABASE_SCHEMA_ANSWER)))
    public ObjectNode database() {
        return WireFormat.schema(schemas.database());
    }

    @PUT
    @RequiresWriteKey
    @Operation(summary = "Replace the whole schema", description = "Tables left out are dropped with their data.")
    @APIResponse(responseCode = "200", description = "The new schema", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.OBJECT), examples = @ExampleObject(name = "customers", value = ApiExamples.DATABASE_SCHEMA_ANSWER)))
    public ObjectNode replaceDatabase(@RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.OBJECT), examples = @ExampleObject(name = "customers", value = ApiExamples.DATABASE_SCHEMA)))
                                      byte[] body) {
        return WireFormat.schema(schemas.replaceDatabase(Json.readBody(body)));
    }

    @DELETE
    @RequiresWriteKey
    @Operation(summary = "Drop every table and its data")
    @APIResponse(responseCode = "200", description = "The tables dropped", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.OBJECT), examples = @ExampleObject(name = "deleted", value = ApiExamples.DELETED)))
    public ObjectNode deleteDatabase() {
        return WireFormat.deleted(schemas.deleteDatabase());
    }

    @GET
    @Path("{table}")
    @Operation(summary = "One table's schema")
    @APIResponse(responseCode = "200", description = "The table schema, normalised", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.OBJECT), examples = @ExampleObject(name = "customers", value = ApiExamples.TABLE_SCHEMA_ANSWER)))
    public ObjectNode table(@PathParam("table") String table) {
        return WireFormat.table(schemas.table(table).schema());
    }

    @PUT
    @Path("{table}")
    @RequiresWriteKey
    @Operation(summary = "Create a table, or replace and empty it")
    @APIResponse(responseCode = "200", description = "The table schema", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.OBJECT), examples = @ExampleObject(name = "customers", value = ApiExamples.TABLE_SCHEMA_ANSWER)))
    public ObjectNode putTable(@PathParam("table") String table, @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.OBJECT), examples = @ExampleObject(name = "customers", value = ApiExamples.TABLE_SCHEMA)))
                               byte[] body) {
        return WireFormat.table(schemas.putTable(table, Json.readBody(body)));
    }

    @DELETE
    @Path("{table}")
    @RequiresWriteKey
    @Operation(summary = "Drop a table and its data")
    @APIResponse(responseCode = "200", description = "The table dropped", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.OBJECT), examples = @ExampleObject(name = "deleted", value = ApiExamples.DELETED)))
    public ObjectNode deleteTable(@PathParam("table") String table) {
        return WireFormat.deleted(schemas.deleteTable(table));
    }

    @GET
    @Path("{table}/{column}")
    @Operation(summary = "One column's type")
    @APIResponse(responseCode = "200", description = "The column type", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.OBJECT), examples = @ExampleObject(name = "column", value = ApiExamples.COLUMN_ANSWER)))
    public ObjectNode column(@PathParam("table") String table, @PathParam("column") String column) {
        return WireFormat.column(schemas.column(table, column));
    }

    @PUT
    @Path("{table}/{column}")
    @RequiresWriteKey
    @Operation(summary = "Add or change a column", description = "`value` fills the column in existing rows.")
    @APIResponse(responseCode = "200", description = "The column type", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.OBJECT), examples = @ExampleObject(name = "column", value = ApiExamples.COLUMN_ANSWER)))
    public ObjectNode putColumn(@PathParam("table") String table, @PathParam("column") String column,
                                @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT),
                                        examples = @ExampleObject(name = "column", value = ApiExamples.COLUMN))) byte[] body) {
        JsonNode definition = Json.readBody(body);
        return WireFormat.column(schemas.putColumn(table, column, definition));
    }

    @DELETE
    @Path("{table}/{column}")
    @RequiresWriteKey
    @Operation(summary = "Drop a column")
    @APIResponse(responseCode = "200", description = "The column dropped", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.OBJECT), examples = @ExampleObject(name = "deleted", value = "{\"deleted\": [\"tags\"]}")))
    public ObjectNode deleteColumn(@PathParam("table") String table, @PathParam("column") String column) {
        return WireFormat.deleted(schemas.deleteColumn(table, column));
    }
}
