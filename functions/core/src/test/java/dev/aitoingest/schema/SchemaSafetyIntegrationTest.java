package dev.aitoingest.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aitoingest.Json;
import dev.aitoingest.ServiceException;
import dev.aitoingest.ingest.TableWriter;
import dev.aitoingest.job.FileJob;
import dev.aitoingest.job.FileJobs;
import dev.aitoingest.job.JobPhase;
import dev.aitoingest.job.ProcessingSettings;
import dev.aitoingest.job.UploadKeys;
import dev.aitoingest.query.SearchRequest;
import dev.aitoingest.query.SearchService;
import dev.aitoingest.testing.TestStorage;
import dev.aitoingest.wiring.CoreComponents;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/** Schema changes racing uploads and file jobs, and schema writes whose answer was lost, on s3proxy and dynalite. */
class SchemaSafetyIntegrationTest {

    private final TestStorage storage = TestStorage.fresh();
    private final CoreComponents core = storage.core();
    private final SchemaService schemas = core.schemas();

    private static JsonNode json(String text) throws Exception {
        return Json.MAPPER.readTree(text);
    }

    private List<JsonNode> rows(SearchService search, String table) throws Exception {
        return search.search(SearchRequest.parse(json("{\"from\":\"" + table + "\",\"limit\":10000}"))).hits();
    }

    @Test
    void aTypeChangeRacingUploadsNeverLeavesARowOfTheOldShape() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 4; round++) {
                String table = "race_" + round;
                schemas.putTable(table, json("{\"columns\":{\"c\":{\"type\":\"Int\"}}}"));
                List<Future<?>> uploads = new ArrayList<>();
                for (int writer = 0; writer < 8; writer++) {
                    // each uploader is a process of its own, with its own view of the table
                    TableWriter own = storage.core().writer();
                    uploads.add(pool.submit(() -> {
                        try {
                            own.appendBatch(table, "[{\"c\":1},{\"c\":2}]".getBytes(StandardCharsets.UTF_8));
                        } catch (ServiceException refused) {
                            // a 400 (the rows no longer fit) or a 409: nothing stored, which is the point
                        }
                    }));
                }
                boolean changed;
                try {
                    schemas.putColumn(table, "c", json("{\"type\":\"String\"}"));
                    changed = true;
                } catch (ServiceException conflict) {
                    assertThat(conflict.kind()).isEqualTo(ServiceException.Kind.CONFLICT);
                    changed = false;
                }
                for (Future<?> upload : uploads) {
                    upload.get();
                }
                List<JsonNode> stored = rows(storage.core().search(), table);
                String type = schemas.table(table).schema().column("c").type().displayName();
                assertThat(type).isEqualTo(changed ? "String" : "Int");
                for (JsonNode row : stored) {
                    assertThat(row.get("c").isTextual()).as("round %d, %s column holding %s", round, type, row).isEqualTo(changed);
                }
                if (changed) {
                    assertThat(stored).as("the change was allowed only on an empty table, and Int rows never fit String").isEmpty();
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rowsUploadedAfterAFilledColumnWasAddedReadAsSentAndOlderOnesGetTheFill() throws Exception {
        schemas.putTable("filled", json("{\"columns\":{\"id\":{\"type\":\"Int\"}}}"));
        core.writer().appendBatch("filled", "[{\"id\":1}]".getBytes(StandardCharsets.UTF_8));
        schemas.putColumn("filled", "level", json("{\"type\":\"String\",\"nullable\":true,\"value\":\"gold\"}"));
        core.writer().appendBatch("filled", "[{\"id\":2},{\"id\":3,\"level\":\"silver\"}]".getBytes(StandardCharsets.UTF_8));
        List<JsonNode> stored = rows(core.search(), "filled");
        assertThat(stored).extracting(row -> row.path("level").asText(null)).containsExactly("gold", null, "silver");
    }

    @Test
    void aTableDroppedDuringAFileJobEndsTheJobFailed() throws Exception {
        schemas.putTable("rows", json("{\"columns\":{\"id\":{\"type\":\"Int\"}}}"));
        FileJobs fileJobs = core.fileJobs();
        String id = fileJobs.init("rows").id();
        StringBuilder ndjson = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            ndjson.append("{\"id\":").append(i).append("}\n");
        }
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(ndjson.toString().getBytes(StandardCharsets.UTF_8));
        }
        storage.s3.putObject(b -> b.bucket(storage.settings.bucket()).key(UploadKeys.of("rows", id)), RequestBody.fromBytes(gz.toByteArray()));
        fileJobs.trigger("rows", id);
        AtomicBoolean dropped = new AtomicBoolean();
        storage.core(storage.dynamo, new ProcessingSettings(100, 32L << 20, Duration.ofMinutes(10), 32L << 20, 0), Duration.ofHours(1), job -> { })
                .processor().process(id, () -> {
                    // between the first and the second chunk, another request drops the table
                    if (dropped.compareAndSet(false, true)) {
                        schemas.deleteTable("rows");
                    }
                    return false;
                });
        FileJob job = fileJobs.status("rows", id).job();
        assertThat(job.phase()).isEqualTo(JobPhase.FAILED);
        assertThat(job.error()).contains("deleted or replaced");
        assertThat(job.completedCount()).isLessThan(1000);
    }

    /** The first put to the schema table lands, but its answer is lost and the SDK sends it again. */
    private DynamoDbClient losingTheFirstSchemaAnswer() {
        return storage.retryingTheFirst(request -> request instanceof PutItemRequest put
                && put.tableName().equals(storage.settings.schemaTable()));
    }

    @Test
    void aSchemaWriteWhoseAnswerWasLostIsAppliedOnce() throws Exception {
        SchemaService retrying = storage.core(losingTheFirstSchemaAnswer(), TestStorage.PROCESSING, Duration.ofHours(1), job -> { })
                .schemas();
        long before = schemas.catalog().version();
        retrying.putTable("once", json("{\"columns\":{\"id\":{\"type\":\"Int\"}}}"));
        assertThat(schemas.catalog().version()).as("one catalog write, one generation").isEqualTo(before + 1);

        SchemaService deleting = storage.core(losingTheFirstSchemaAnswer(), TestStorage.PROCESSING, Duration.ofHours(1), job -> { })
                .schemas();
        assertThat(deleting.deleteTable("once")).containsExactly("once");
        assertThat(schemas.catalog().tables()).doesNotContainKey("once");
    }

    @Test
    void aLinkedTableOrColumnCannotBeDropped() throws Exception {
        schemas.putTable("products", json("{\"columns\":{\"id\":{\"type\":\"Int\"},\"name\":{\"type\":\"String\"}}}"));
        schemas.putTable("orders", json("{\"columns\":{\"product\":{\"type\":\"Int\",\"link\":\"products.id\"}}}"));
        assertThatThrownBy(() -> schemas.deleteColumn("products", "id")).isInstanceOf(ServiceException.class)
                .hasMessageContaining("'orders.product' links to products.id");
        assertThatThrownBy(() -> schemas.deleteTable("products")).isInstanceOf(ServiceException.class)
                .hasMessageContaining("'orders.product' links to products.id");
        assertThat(schemas.deleteColumn("products", "name")).containsExactly("products.name");
        schemas.deleteTable("orders");
        assertThat(schemas.deleteTable("products")).containsExactly("products");
    }

    @Test
    void fiveThousandTablesOfTwentyColumnsAreStoredAndReadBack() throws Exception {
        StringBuilder body = new StringBuilder("{\"schema\":{");
        for (int t = 0; t < 5000; t++) {
            body.append(t == 0 ? "" : ",").append("\"table_").append(t).append("\":{\"columns\":{");
            for (int c = 0; c < 20; c++) {
                body.append(c == 0 ? "" : ",").append("\"column_").append(c).append("\":{\"type\":\"")
                        .append(c % 2 == 0 ? "Int" : "String").append("\",\"nullable\":").append(c % 3 == 0).append("}");
            }
            body.append("}}");
        }
        SortedMap<String, TableSchema> wanted = schemas.replaceDatabase(json(body.append("}}").toString()));
        assertThat(wanted).hasSize(5000);
        // a process of its own, with nothing cached, reads it all back
        SortedMap<String, TableSchema> read = storage.core().schemas().database();
        assertThat(read).isEqualTo(wanted);
        assertThat(read.get("table_4999").column("column_19").type().displayName()).isEqualTo("String");

        // one table changed: only its item is written, and every process sees the change
        schemas.putColumn("table_7", "extra", json("{\"type\":\"Int\",\"nullable\":true}"));
        assertThat(storage.core().schemas().table("table_7").schema().column("extra")).isNotNull();
    }

    @Test
    void aSchemaTooBigToStoreIsA413AndChangesNothing() throws Exception {
        schemas.putTable("big", json("{\"columns\":{\"id\":{\"type\":\"Int\"}}}"));
        core.writer().appendBatch("big", "[{\"id\":1}]".getBytes(StandardCharsets.UTF_8));
        String huge = "x".repeat(400_000);
        assertThatThrownBy(() -> schemas.putColumn("big", "notes", json("{\"type\":\"String\",\"value\":\"" + huge + "\"}")))
                .isInstanceOf(ServiceException.class).hasMessageContaining("more than the")
                .extracting(e -> ((ServiceException) e).kind()).isEqualTo(ServiceException.Kind.PAYLOAD_TOO_LARGE);
        assertThat(schemas.table("big").schema().column("notes")).isNull();
        core.writer().appendBatch("big", "[{\"id\":2}]".getBytes(StandardCharsets.UTF_8));
        assertThat(rows(core.search(), "big")).hasSize(2);
    }
}
