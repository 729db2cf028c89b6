package dev.aitoingest.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aitoingest.Json;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;

@Path("/version")
@Produces(MediaType.APPLICATION_JSON)
public class VersionResource {

    @ConfigProperty(name = "quarkus.application.version")
    String version;

    @GET
    public ObjectNode version() {
        return Json.MAPPER.createObjectNode().put("version", version);
    }
}
