package dev.aitoingest.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aitoingest.ServiceException;
import dev.aitoingest.ingest.CsvFormat;
import dev.aitoingest.ingest.Payloads;
import dev.aitoingest.ingest.TableWriter;
import dev.aitoingest.rewrite.TableRewriter;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.Locale;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Row uploads: one row, a batch (JSON array) and a stream (NDJSON); batch and stream also take CSV (text/csv). */
@Path("/api/v1/data/{table}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
@RequiresWriteKey
@Tag(name = "Data", description = "Row uploads up to 6 MB: all-or-nothing, one atomic commit per request")
@SecurityRequirement(name = "apiKey")
@APIResponse(responseCode = "400", ref = "BadRequest")
@APIResponse(responseCode = "403", ref = "Forbidden")
@APIResponse(responseCode = "404", ref = "NotFound")
@APIResponse(responseCode = "413", ref = "PayloadTooLarge")
@APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
public class DataResource {

    /*
     * Binary types are accepted too: on AWS, API Gateway passes a body with a text type (JSON
     * included) to the function as UTF-8 text, which garbles gzip bytes, so there a gzip body must
     * travel as application/gzip or application/octet-stream.
     */
    private static final Set<String> JSON_TYPES = Set.of("application/json", "text/plain",
            "application/gzip", "application/octet-stream");
    private static final Set<String> NDJSON_TYPES = Set.of("application/x-ndjson", "application/ndjson",
            "application/jsonl", "application/json", "text/plain", "application/gzip", "application/octet-stream");

    private static final String CSV = "text/csv";
    private static final String FORMAT = "(ext) csv: the body is CSV whatever its content type (for a gzip body, which must travel "
            + "as application/gzip on AWS)";
    private static final String DELIMITER = "(ext) CSV only: the cell delimiter, one of , ; | or tab (default ,)";

    @Inject
    TableWriter writer;

    @Inject
    TableRewriter rewriter;

    @POST
    @Operation(summary = "Store one row")
    @APIResponse(responseCode = "200", description = "The stored row", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.OBJECT), examples = @ExampleObject(name = "row", value = ApiExamples.ROW)))
    public byte[] one(@PathParam("table") String table, @HeaderParam(HttpHeaders.CONTENT_TYPE) String type,
                        @HeaderParam(HttpHeaders.CONTENT_ENCODING) String encoding,
                        @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT),
                                examples = @ExampleObject(name = "row", value = ApiExamples.ROW))) byte[] body) {
        requireType(type, JSON_TYPES, "application/json");
        return writer.appendOne(table, Payloads.read(body, encoding));
    }

    @POST
    @Path("batch")
    @Operation(summary = "Store a JSON array of rows, or CSV (ext)", description = "Send `Content-Encoding: gzip` with "
            + "`Content-Type: application/gzip` for a compressed body. (ext) `Content-Type: text/csv`: a header row names the "
            + "columns, cells are typed by the table's schema, errors name the line where a record starts.")
    @APIResponse(responseCode = "200", description = "How many rows were stored", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.OBJECT), examples = @ExampleObject(name = "stored", value = ApiExamples.STORED)))
    public ObjectNode batch(@PathParam("table") String table, @HeaderParam(HttpHeaders.CONTENT_TYPE) String type,
                            @HeaderParam(HttpHeaders.CONTENT_ENCODING) String encoding, @Parameter(description = FORMAT) @QueryParam("format") String format,
                            @Parameter(description = DELIMITER) @QueryParam("delimiter") String delimiter,
                            @RequestBody(content = {
                                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY),
                                            examples = @ExampleObject(name = "customers", value = ApiExamples.ROWS)),
                                    @Content(mediaType = CSV, schema = @Schema(type = SchemaType.STRING),
                                            examples = @ExampleObject(name = "customers", ref = "CustomersCsv"))}) byte[] body) {
        CsvFormat csv = csvFormat(type, format, delimiter);
        if (csv != null) {
            return WireFormat.stored(writer.appendCsv(table, Payloads.read(body, encoding), csv));
        }
        requireType(type, JSON_TYPES, "application/json");
        return WireFormat.stored(writer.appendBatch(table, Payloads.read(body, encoding)));
    }

    @POST
    @Path("stream")
    @Operation(summary = "Store NDJSON rows, one per line, or CSV (ext)", description = "A 400 names each bad row by its physical "
            + "line. (ext) `Content-Type: text/csv`: as for batch.")
    @APIResponse(responseCode = "200", description = "How many rows were stored", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.OBJECT), examples = @ExampleObject(name = "stored", value = "{\"entries\": 2, \"status\": \"ok\"}")))
    public ObjectNode stream(@PathParam("table") String table, @HeaderParam(HttpHeaders.CONTENT_TYPE) String type,
                             @HeaderParam(HttpHeaders.CONTENT_ENCODING) String encoding, @Parameter(description = FORMAT) @QueryParam("format") String format,
                            @Parameter(description = DELIMITER) @QueryParam("delimiter") String delimiter,
                             @RequestBody(content = {
                                     @Content(mediaType = "application/x-ndjson", schema = @Schema(type = SchemaType.STRING),
                                             examples = @ExampleObject(name = "customers", ref = "CustomersNdjson")),
                                     @Content(mediaType = CSV, schema = @Schema(type = SchemaType.STRING),
                                             examples = @ExampleObject(name = "customers", ref = "CustomersCsv"))}) byte[] body) {
        CsvFormat csv = csvFormat(type, format, delimiter);
        if (csv != null) {
            return WireFormat.stored(writer.appendCsv(table, Payloads.read(body, encoding), csv));
        }
        requireType(type, NDJSON_TYPES, "application/x-ndjson");
        return WireFormat.stored(writer.appendStream(table, Payloads.read(body, encoding)));
    }

    @POST
    @Path("optimize")
    @Operation(summary = "Compact the table's storage", description = "Merges small segments; what any reader sees is the same "
            + "before and after. Runs within the request; use the jobs API for a table too big for 30 s.")
    @APIResponse(responseCode = "200", description = "Done", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.OBJECT), examples = @ExampleObject(name = "done", value = "{}")))
    public ObjectNode optimize(@PathParam("table") String table) {
        rewriter.optimize(table);
        return WireFormat.empty();
    }

    /**
     * CSV when the body is text/csv, or when {@code ?format=csv} says so: on AWS a gzip body must
     * travel with a binary content type, so a compressed CSV body needs the parameter.
     */
    private static CsvFormat csvFormat(String contentType, String format, String delimiter) {
        boolean textCsv = contentType != null && contentType.split(";", 2)[0].trim().equalsIgnoreCase(CSV);
        return textCsv ? CsvFormat.of(delimiter) : CsvFormat.chosen(format, delimiter);
    }

    /** A missing content type is taken as JSON; a form or other format is refused rather than misread. */
    private static void requireType(String contentType, Set<String> accepted, String preferred) {
        if (contentType == null || contentType.isBlank()) {
            return;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!accepted.contains(type) && !type.endsWith("+json")) {
            throw ServiceException.unsupportedMediaType("Unsupported Content-Type \"" + type + "\"; send " + preferred);
        }
    }
}
