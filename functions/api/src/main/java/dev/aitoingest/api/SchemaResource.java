package dev.aitoingest.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aitoingest.Json;
import dev.aitoingest.schema.SchemaJson;
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
import java.util.List;

/** The schema API at database, table and column level. */
@Path("/api/v1/schema")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class SchemaResource {

    @Inject
    SchemaService schemas;

    @GET
    public ObjectNode database() {
        return schemas.database();
    }

    @PUT
    @RequiresWriteKey
    public ObjectNode replaceDatabase(byte[] body) {
        return schemas.replaceDatabase(Json.readBody(body));
    }

    @DELETE
    @RequiresWriteKey
    public ObjectNode deleteDatabase() {
        return deleted(schemas.deleteDatabase());
    }

    @GET
    @Path("{table}")
    public ObjectNode table(@PathParam("table") String table) {
        return SchemaJson.writeTable(schemas.table(table).schema());
    }

    @PUT
    @Path("{table}")
    @RequiresWriteKey
    public ObjectNode putTable(@PathParam("table") String table, byte[] body) {
        return schemas.putTable(table, Json.readBody(body));
    }

    @DELETE
    @Path("{table}")
    @RequiresWriteKey
    public ObjectNode deleteTable(@PathParam("table") String table) {
        return deleted(schemas.deleteTable(table));
    }

    @GET
    @Path("{table}/{column}")
    public ObjectNode column(@PathParam("table") String table, @PathParam("column") String column) {
        return schemas.column(table, column);
    }

    @PUT
    @Path("{table}/{column}")
    @RequiresWriteKey
    public ObjectNode putColumn(@PathParam("table") String table, @PathParam("column") String column, byte[] body) {
        JsonNode definition = Json.readBody(body);
        return schemas.putColumn(table, column, definition);
    }

    @DELETE
    @Path("{table}/{column}")
    @RequiresWriteKey
    public ObjectNode deleteColumn(@PathParam("table") String table, @PathParam("column") String column) {
        return deleted(schemas.deleteColumn(table, column));
    }

    private static ObjectNode deleted(List<String> names) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        names.forEach(body.putArray("deleted")::add);
        return body;
    }
}
