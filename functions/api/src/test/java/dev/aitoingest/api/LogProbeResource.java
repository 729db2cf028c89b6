package dev.aitoingest.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.jboss.logging.Logger;

/** Tests only: a route that logs one line inside a request, so a test can see what the line carries. */
@Path("/api/v1/test-log-probe")
public class LogProbeResource {

    static final Logger LOG = Logger.getLogger(LogProbeResource.class);

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> probe() {
        LOG.info("probe");
        return Map.of();
    }
}
