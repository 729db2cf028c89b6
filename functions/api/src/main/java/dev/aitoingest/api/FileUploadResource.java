package dev.aitoingest.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aitoingest.Json;
import dev.aitoingest.job.FileJobs;
import dev.aitoingest.job.JobStatusJson;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.temporal.ChronoUnit;

/** The file upload API: init (a presigned PUT URL), trigger, status. */
@Path("/api/v1/data/{table}/file")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class FileUploadResource {

    @Inject
    FileJobs fileJobs;

    @POST
    @RequiresWriteKey
    public ObjectNode init(@PathParam("table") String table) {
        FileJobs.Upload upload = fileJobs.init(table);
        return Json.MAPPER.createObjectNode().put("id", upload.id()).put("url", upload.url()).put("method", "PUT")
                .put("expires", upload.expires().truncatedTo(ChronoUnit.SECONDS).toString());
    }

    @POST
    @Path("{id}")
    @RequiresWriteKey
    public ObjectNode trigger(@PathParam("table") String table, @PathParam("id") String id) {
        return Json.MAPPER.createObjectNode().put("id", id).put("status", fileJobs.trigger(table, id));
    }

    @GET
    @Path("{id}")
    public ObjectNode status(@PathParam("table") String table, @PathParam("id") String id) {
        return JobStatusJson.write(fileJobs.status(table, id), Clock.systemUTC());
    }
}
