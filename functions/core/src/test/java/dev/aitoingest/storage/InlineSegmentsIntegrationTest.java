package dev.aitoingest.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aitoingest.Json;
import dev.aitoingest.query.SearchRequest;
import dev.aitoingest.rewrite.TableRewriter;
import dev.aitoingest.testing.TestStorage;
import dev.aitoingest.wiring.CoreComponents;
import dev.aitoingest.wiring.StorageClients;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Small uploads keep their segment inline in the commit item, with no S3 object; every reader
 * (search, a new process restored from a checkpoint with the log items gone, optimize, delete)
 * still sees exactly the rows, and a segment over the limit is an S3 object as before.
 */
class InlineSegmentsIntegrationTest {

    private static final String SCHEMA = "{\"columns\":{\"id\":{\"type\":\"Int\"},\"name\":{\"type\":\"String\"},"
            + "\"price\":{\"type\":\"Decimal\",\"nullable\":true}}}";

    private final TestStorage storage = TestStorage.fresh();
    private final CoreComponents core = storage.core();
    private TableRef ref;

    @BeforeEach
    void table() throws Exception {
        core.schemas().putTable("items", Json.MAPPER.readTree(SCHEMA));
        ref = new TableRef("items", core.schemas().table("items").generation());
    }

    private static byte[] batch(IntStream ids) {
        StringBuilder rows = new StringBuilder("[");
        ids.forEach(i -> rows.append(rows.length() > 1 ? "," : "").append("{\"id\":").append(i).append(",\"name\":\"n").append(i)
                .append("\",\"price\":").append(i % 4 == 0 ? "null" : i + ".25").append("}"));
        return rows.append("]").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static List<JsonNode> rows(CoreComponents view) throws Exception {
        List<JsonNode> hits = new ArrayList<>();
        view.search().search(SearchRequest.parse(Json.MAPPER.readTree("{\"from\":\"items\",\"limit\":10000}"))).hits().forEach(hits::add);
        return hits;
    }

    private List<Integer> ids(CoreComponents view) throws Exception {
        return rows(view).stream().map(row -> row.get("id").asInt()).toList();
    }

    private List<String> objectsUnderTheTable() {
        return core.segments().list(ref.dataPrefix()).stream().map(SegmentStore.StoredObject::key)
                .filter(key -> !key.contains("_checkpoints/")).toList();
    }

    @Test
    void aSmallBatchIsKeptInItsCommitAndReadBackWithItsTypes() throws Exception {
        assertThat(core.writer().appendBatch("items", batch(IntStream.range(0, 100)))).isEqualTo(100);

        assertThat(objectsUnderTheTable()).as("no S3 object for a small batch").isEmpty();
        Map<String, AttributeValue> commit = storage.dynamo.getItem(b -> b.tableName(storage.settings.commitLogTable())
                .key(Map.of("log", AttributeValue.fromS(ref.logId()), "version", AttributeValue.fromN("1")))).item();
        AttributeValue added = commit.get("adds").l().get(0);
        assertThat(added.m().get("inline").b().asByteArray()).hasSizeLessThanOrEqualTo(StorageSettings.DEFAULT_INLINE_SEGMENT_BYTES);

        List<JsonNode> rows = rows(storage.core());
        assertThat(rows).hasSize(100);
        assertThat(rows.get(3).get("price").isNumber()).isTrue();
        assertThat(rows.get(4).get("price").isNull()).isTrue();
        assertThat(rows.get(99).get("name").asText()).isEqualTo("n99");
    }

    @Test
    void aSegmentOverTheLimitIsAnS3Object() {
        CoreComponents smallLimit = CoreComponents.assemble(new StorageClients(storage.s3, storage.dynamo, storage.presigner),
                storage.settings.withInlineSegmentBytes(200), TestStorage.PROCESSING, Duration.ofHours(1), jobId -> { }, Clock.systemUTC());
        smallLimit.writer().appendBatch("items", batch(IntStream.range(0, 2)));
        smallLimit.writer().appendBatch("items", batch(IntStream.range(2, 2000)));

        List<Segment> segments = storage.core().commitLog().read(ref).segments();
        assertThat(segments).extracting(Segment::isInline).containsExactly(true, false);
        assertThat(segments.get(0).bytes()).isLessThanOrEqualTo(200);
        assertThat(segments.get(1).bytes()).isGreaterThan(200);
        assertThat(objectsUnderTheTable()).containsExactly(segments.get(1).key());
    }

    @Test
    void aNewProcessRestoredFromACheckpointWithTheLogItemsGoneStillReadsEveryRow() throws Exception {
        int batches = TableCommitLog.CHECKPOINT_INTERVAL + 20;
        for (int b = 0; b < batches; b++) {
            core.writer().appendBatch("items", batch(IntStream.range(b * 3, b * 3 + 3)));
        }
        TableState state = storage.core().commitLog().read(ref);
        assertThat(state.checkpointVersion()).isGreaterThanOrEqualTo(TableCommitLog.CHECKPOINT_INTERVAL);
        for (long version = 1; version <= state.checkpointVersion(); version++) {
            long v = version;
            storage.dynamo.deleteItem(b -> b.tableName(storage.settings.commitLogTable())
                    .key(Map.of("log", AttributeValue.fromS(ref.logId()), "version", AttributeValue.fromN(Long.toString(v)))));
        }

        assertThat(ids(storage.core())).containsExactlyElementsOf(IntStream.range(0, batches * 3).boxed().toList());
        assertThat(objectsUnderTheTable()).isEmpty();
    }

    @Test
    void optimizeMergesInlineSegmentsIntoAnS3SegmentAndDeleteRewritesThem() throws Exception {
        for (int b = 0; b < 10; b++) {
            core.writer().appendBatch("items", batch(IntStream.range(b * 10, b * 10 + 10)));
        }
        long deleted = core.rewriter().delete(TableRewriter.DeleteRequest.parse(Json.MAPPER.readTree(
                "{\"from\":\"items\",\"where\":{\"id\":{\"$lt\":15}}}")));
        assertThat(deleted).isEqualTo(15);
        assertThat(ids(storage.core())).containsExactlyElementsOf(IntStream.range(15, 100).boxed().toList());

        core.rewriter().optimize("items");

        List<Segment> segments = storage.core().commitLog().read(ref).segments();
        assertThat(segments).hasSize(1);
        assertThat(segments.get(0).isInline()).as("optimize writes its segments to S3").isFalse();
        assertThat(objectsUnderTheTable()).as("the delete's rewrite of ids 10..19 (collected after the grace period) and the merge")
                .hasSize(2).contains(segments.get(0).key());
        assertThat(ids(storage.core())).containsExactlyElementsOf(IntStream.range(15, 100).boxed().toList());
    }
}
