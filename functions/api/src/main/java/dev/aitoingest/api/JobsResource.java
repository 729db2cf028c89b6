package dev.aitoingest.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aitoingest.Json;
import dev.aitoingest.ServiceException;
import dev.aitoingest.job.OperationJob;
import dev.aitoingest.job.OperationJobs;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Aito's jobs API for optimize and delete: start, poll until {@code finishedAt} appears, read the result. */
@Path("/api/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
@Tag(name = "Jobs", description = "Optimize and delete without the 30 s limit of a request")
@SecurityRequirement(name = "apiKey")
@APIResponse(responseCode = "400", ref = "BadRequest")
@APIResponse(responseCode = "403", ref = "Forbidden")
@APIResponse(responseCode = "404", ref = "NotFound")
public class JobsResource {

    private static final String JOB = "{\"id\": \"3f1c8a52-7d4e-4b9a-9c21-6e0d5a7b8c90\", \"path\": \"/api/v1/data/customers/optimize\", "
            + "\"startedAt\": \"2026-11-24T10:00:00Z\", \"parameters\": {\"table\": \"customers\"}}";

    @Inject
    OperationJobs operations;

    @POST
    @Path("data/{table}/optimize")
    @RequiresWriteKey
    @Operation(summary = "Start optimizing a table")
    @APIResponse(responseCode = "200", description = "The job", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.OBJECT), examples = @ExampleObject(name = "job", value = JOB)))
    public ObjectNode optimize(@PathParam("table") String table) {
        return WireFormat.job(operations.startOptimize(table));
    }

    @POST
    @Path("data/_delete")
    @RequiresWriteKey
    @Operation(summary = "Start deleting the rows a where matches", description = "The body is that of `POST /api/v1/data/_delete`.")
    @APIResponse(responseCode = "200", description = "The job", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.OBJECT), examples = @ExampleObject(name = "job", value = JOB)))
    public ObjectNode delete(byte[] body) {
        return WireFormat.job(operations.startDelete(Json.readBody(body)));
    }

    @GET
    @Operation(summary = "The most recent jobs, newest first")
    public ObjectNode recent() {
        return WireFormat.jobs(operations.recent(50));
    }

    @GET
    @Path("{id}")
    @Operation(summary = "A job", description = "`finishedAt` appears once the job is done.")
    public ObjectNode status(@PathParam("id") String id) {
        return WireFormat.job(job(id));
    }

    @GET
    @Path("{id}/result")
    @Operation(summary = "A finished job's result", description = "`{}` for optimize, `{\"total\": n}` for delete; a failed job "
            + "answers its error.")
    public Response result(@PathParam("id") String id) {
        OperationJob job = job(id);
        if (!job.isDone()) {
            throw ServiceException.conflict("Job " + id + " has not finished yet: poll GET /api/v1/jobs/" + id + " until it has finishedAt");
        }
        if (job.error() != null) {
            int status = job.errorKind() == null ? 500 : ErrorResponses.status(job.errorKind());
            return ErrorResponses.json(status, WireFormat.error(job.error(), status, null));
        }
        return Response.ok(job.result()).type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    private OperationJob job(String id) {
        try {
            UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ServiceException.badRequest("Invalid job id \"" + id + "\": expected a UUID");
        }
        return operations.find(id).orElseThrow(() -> ServiceException.notFound("No such job: " + id));
    }
}
