package dev.aitoingest.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aitoingest.ingest.CsvFormat;
import dev.aitoingest.job.FileJobs;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The file upload API: init (a presigned PUT URL), trigger, status. */
@Path("/api/v1/data/{table}/file")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
@Tag(name = "File upload", description = "Files of any size: init, PUT the gzipped NDJSON to the presigned URL, trigger, poll")
@SecurityRequirement(name = "apiKey")
@APIResponse(responseCode = "400", ref = "BadRequest")
@APIResponse(responseCode = "403", ref = "Forbidden")
@APIResponse(responseCode = "404", ref = "NotFound")
public class FileUploadResource {

    @Inject
    FileJobs fileJobs;

    @POST
    @RequiresWriteKey
    @Operation(summary = "Start a file upload", description = "Creates a job and a presigned URL: `PUT` the gzipped NDJSON file "
            + "to it as is, with no API key, no content type and no checksum headers (`curl -T file.ndjson.gz <url>`). (ext) "
            + "`?format=csv` (and `&delimiter=`) for a gzipped CSV file with a header row; the job's status shows the format.")
    @APIResponse(responseCode = "200", description = "The job id and where to PUT the file until when",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT),
                    examples = @ExampleObject(name = "upload", value = ApiExamples.FILE_INIT_ANSWER)))
    public ObjectNode init(@PathParam("table") String table,
                           @Parameter(description = "(ext) ndjson (the default) or csv") @QueryParam("format") String format,
                           @Parameter(description = "(ext) CSV only: the cell delimiter, one of , ; | or tab (default ,)")
                           @QueryParam("delimiter") String delimiter) {
        return WireFormat.upload(fileJobs.init(table, CsvFormat.chosen(format, delimiter)));
    }

    @POST
    @Path("{id}")
    @RequiresWriteKey
    @Operation(summary = "Process the uploaded file", description = "Processing is asynchronous; triggering again is harmless "
            + "and answers the current state (`started`, `inprogress` or `finished`).")
    @APIResponse(responseCode = "200", description = "The job's state", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.OBJECT), examples = @ExampleObject(name = "started", value = ApiExamples.TRIGGER_ANSWER)))
    public ObjectNode trigger(@PathParam("table") String table, @PathParam("id") String id) {
        return WireFormat.triggered(id, fileJobs.trigger(table, id));
    }

    @DELETE
    @Path("{id}")
    @RequiresWriteKey
    @Operation(summary = "Cancel a file job (ext)", description = "The job ends `cancelled` (`finished: true`); rows it stored before "
            + "stay, and `message` says how many. Cancelling a job that is done changes nothing.")
    @APIResponse(responseCode = "200", description = "The job status, with a message", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.OBJECT), examples = @ExampleObject(name = "cancelled", value = ApiExamples.JOB_STATUS)))
    public ObjectNode cancel(@PathParam("table") String table, @PathParam("id") String id) {
        return WireFormat.cancelled(fileJobs.cancel(table, id), Clock.systemUTC());
    }

    @GET
    @Path("{id}")
    @Operation(summary = "A file job's progress and its last failing rows")
    @APIResponse(responseCode = "200", description = "The job status", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.OBJECT), examples = @ExampleObject(name = "processing", value = ApiExamples.JOB_STATUS)))
    public ObjectNode status(@PathParam("table") String table, @PathParam("id") String id) {
        return WireFormat.jobStatus(fileJobs.status(table, id), Clock.systemUTC());
    }
}
