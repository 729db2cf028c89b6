package dev.aitoingest.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aitoingest.Json;
import dev.aitoingest.storage.Segment;
import dev.aitoingest.storage.SegmentStats;
import dev.aitoingest.storage.TableRef;
import dev.aitoingest.testing.TestStorage;
import dev.aitoingest.wiring.CoreComponents;
import dev.aitoingest.wiring.StorageClients;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;

/**
 * Segments skipped by their statistics, on s3proxy and dynalite: a selective query opens only the
 * segments that can match, and answers exactly as a table whose commits carry no statistics.
 */
class SegmentSkippingIntegrationTest {

    private static final String SCHEMA = "{\"columns\":{\"id\":{\"type\":\"Int\"},\"name\":{\"type\":\"String\"},"
            + "\"price\":{\"type\":\"Decimal\"},\"tags\":{\"type\":\"Text\",\"nullable\":true}}}";
    private static final int SEGMENTS = 20;
    private static final int ROWS = 10;

    /** Every segment in S3, so each segment a search opens is a GET seen here. */
    private final TestStorage storage = TestStorage.fresh(0);
    private final AtomicInteger segmentGets = new AtomicInteger();
    private CoreComponents core;

    @BeforeEach
    void twentySegmentsAndTheirTwinWithoutStatistics() throws Exception {
        core = CoreComponents.assemble(new StorageClients(counting(), storage.dynamo, storage.presigner), storage.settings,
                TestStorage.PROCESSING, Duration.ofHours(1), jobId -> { }, Clock.systemUTC());
        core.schemas().putTable("items", Json.MAPPER.readTree(SCHEMA));
        core.schemas().putTable("plain", Json.MAPPER.readTree(SCHEMA));
        for (int s = 0; s < SEGMENTS; s++) {
            StringBuilder batch = new StringBuilder("[");
            for (int r = 0; r < ROWS; r++) {
                int id = s * ROWS + r;
                // segment s holds ids s*10 .. s*10+9, names "n<s>-..." and prices s + 0.50 (written as s.50)
                batch.append(r == 0 ? "" : ",").append("{\"id\":").append(id).append(",\"name\":\"n").append((char) ('a' + s))
                        .append("-").append(r).append("\",\"price\":").append(s).append(".50,\"tags\":\"t").append(id % 3).append("\"}");
            }
            core.writer().appendBatch("items", batch.append("]").toString().getBytes(StandardCharsets.UTF_8));
        }
        // the same segments, committed to a second table as commits made before statistics existed record them
        TableRef plain = new TableRef("plain", core.schemas().table("plain").generation());
        for (Segment segment : core.commitLog().read(new TableRef("items", core.schemas().table("items").generation())).segments()) {
            assertThat(segment.stats().columns()).containsOnlyKeys("id", "name", "price");
            core.commitLog().commit(plain, 0, List.of(new Segment(segment.key(), segment.rows(), segment.bytes(), 0)), List.of(), Map.of());
        }
    }

    private S3Client counting() {
        return (S3Client) Proxy.newProxyInstance(S3Client.class.getClassLoader(), new Class<?>[] {S3Client.class},
                (proxy, method, args) -> {
                    if (args != null && args.length == 1 && args[0] instanceof Consumer) {
                        // the SDK's builder-style overloads build the request and call the plain method
                        return InvocationHandler.invokeDefault(proxy, method, args);
                    }
                    if (args != null && args[0] instanceof GetObjectRequest get && get.key().endsWith(".ndjson.zst")) {
                        segmentGets.incrementAndGet();
                    }
                    try {
                        return method.invoke(storage.s3, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** Searches the table with statistics and its twin without; both must answer alike. Returns the segments the first opened. */
    private int opened(String where, String rest) throws Exception {
        String query = "{\"from\":\"%s\",\"where\":" + where + rest + "}";
        segmentGets.set(0);
        SearchResult skipping = core.search().search(SearchRequest.parse(Json.MAPPER.readTree(String.format(query, "items"))));
        int opened = segmentGets.getAndSet(0);
        SearchResult reading = core.search().search(SearchRequest.parse(Json.MAPPER.readTree(String.format(query, "plain"))));
        assertThat(segmentGets.get()).as("a table without statistics opens every segment").isEqualTo(SEGMENTS);
        assertThat(skipping.total()).isEqualTo(reading.total());
        assertThat(skipping.hits()).isEqualTo(reading.hits());
        return opened;
    }

    @Test
    void aSelectiveWhereOpensOnlyTheSegmentsThatCanMatch() throws Exception {
        assertThat(opened("{\"id\":42}", "")).isEqualTo(1);
        assertThat(opened("{\"id\":42.0}", "")).isEqualTo(1);
        assertThat(opened("{\"price\":7.5}", "")).isEqualTo(1);
        assertThat(opened("{\"price\":{\"$gt\":17.5}}", ",\"limit\":100")).isEqualTo(2);
        assertThat(opened("{\"price\":{\"$gte\":17.5}}", ",\"limit\":100")).isEqualTo(3);
        assertThat(opened("{\"id\":{\"$lt\":20}}", ",\"limit\":100")).isEqualTo(2);
        assertThat(opened("{\"id\":{\"$lte\":20,\"$gt\":9}}", ",\"limit\":100")).isEqualTo(2);
        assertThat(opened("{\"name\":{\"$startsWith\":\"nc\"}}", "")).isEqualTo(1);
        assertThat(opened("{\"name\":{\"$startsWith\":\"nc-1\"}}", "")).isEqualTo(1);
        assertThat(opened("{\"name\":\"nd-3\"}", "")).isEqualTo(1);
        assertThat(opened("{\"$and\":[{\"id\":{\"$gte\":50}},{\"tags\":{\"$has\":\"t1\"}}]}", ",\"orderBy\":{\"$desc\":\"id\"},\"limit\":5"))
                .isEqualTo(15);
        assertThat(opened("{\"$or\":[{\"id\":3},{\"name\":{\"$startsWith\":\"nt\"}}]}", "")).isEqualTo(2);
        assertThat(opened("{\"id\":{\"$gt\":1000}}", "")).isZero();
        assertThat(opened("{\"name\":null}", "")).isZero();
    }

    @Test
    void whatCannotBeDecidedIsRead() throws Exception {
        assertThat(opened("{\"$or\":[{\"id\":3},{\"tags\":{\"$has\":\"t1\"}}]}", ",\"limit\":100")).isEqualTo(SEGMENTS);
        assertThat(opened("{\"$not\":{\"id\":{\"$lt\":1000}}}", "")).isEqualTo(SEGMENTS);
        assertThat(opened("{\"id\":{\"$gt\":\"a\"}}", "")).isEqualTo(SEGMENTS);
        assertThat(opened("{\"tags\":\"t1\"}", ",\"offset\":20")).isEqualTo(SEGMENTS);
    }

    @Test
    void rowsFilledForAColumnAddedLaterAreStillFound() throws Exception {
        core.schemas().putColumn("items", "grade", Json.MAPPER.readTree("{\"type\":\"String\",\"value\":\"b\"}"));
        core.writer().appendBatch("items", "[{\"id\":1000,\"name\":\"x\",\"price\":1,\"grade\":\"a\"}]".getBytes(StandardCharsets.UTF_8));
        core.writer().appendBatch("items", "[{\"id\":1001,\"name\":\"y\",\"price\":1,\"grade\":\"c\"}]".getBytes(StandardCharsets.UTF_8));
        segmentGets.set(0);
        SearchResult filled = core.search().search(SearchRequest.parse(Json.MAPPER.readTree(
                "{\"from\":\"items\",\"where\":{\"grade\":\"b\"},\"limit\":1000}")));
        assertThat(filled.total()).isEqualTo(SEGMENTS * ROWS);
        assertThat(segmentGets.get()).as("the segments written before the column, not the two after").isEqualTo(SEGMENTS);
        SearchResult graded = core.search().search(SearchRequest.parse(Json.MAPPER.readTree(
                "{\"from\":\"items\",\"where\":{\"grade\":{\"$gte\":\"c\"}}}")));
        assertThat(graded.hits()).extracting(hit -> hit.get("id").asInt()).containsExactly(1001);
    }

    @Test
    void statisticsSurviveTheLogAndACheckpoint() {
        TableRef ref = new TableRef("items", core.schemas().table("items").generation());
        Segment written = core.commitLog().read(ref).segments().get(3);
        Segment fromLog = storage.core().commitLog().read(ref).segments().get(3);
        assertSameStats(fromLog.stats(), written.stats());
        new dev.aitoingest.storage.CheckpointStore(storage.s3, storage.settings.bucket()).save(ref, core.commitLog().read(ref));
        Segment fromCheckpoint = new dev.aitoingest.storage.CheckpointStore(storage.s3, storage.settings.bucket())
                .load(ref, core.commitLog().read(ref).version()).segments().get(3);
        assertSameStats(fromCheckpoint.stats(), written.stats());
        assertThat(written.stats().column("price").min().decimalValue()).isEqualByComparingTo("3.5");
        assertThat(written.stats().column("name").max().textValue()).isEqualTo("nd-9");
    }

    private static void assertSameStats(SegmentStats read, SegmentStats written) {
        assertThat(read.columns().keySet()).isEqualTo(written.columns().keySet());
        written.columns().forEach((name, column) -> {
            SegmentStats.Column other = read.column(name);
            assertThat(other.nulls()).isEqualTo(column.nulls());
            assertThat(Values.compare(other.min(), column.min())).isZero();
            assertThat(Values.compare(other.max(), column.max())).isZero();
        });
    }

    @Test
    void pagesWithoutWhereStillReadOnlyTheirSegments() throws Exception {
        segmentGets.set(0);
        SearchResult page = core.search().search(SearchRequest.parse(Json.MAPPER.readTree("{\"from\":\"items\",\"offset\":35,\"limit\":10}")));
        assertThat(page.total()).isEqualTo(SEGMENTS * ROWS);
        assertThat(page.hits()).extracting(hit -> hit.get("id").asInt()).containsExactly(35, 36, 37, 38, 39, 40, 41, 42, 43, 44);
        assertThat(segmentGets.get()).isEqualTo(2);
        JsonNode all = Json.MAPPER.valueToTree(core.search().search(SearchRequest.parse(Json.MAPPER.readTree(
                "{\"from\":\"items\",\"limit\":1000}"))).hits());
        for (int i = 0; i < SEGMENTS * ROWS; i++) {
            assertThat(all.get(i).get("id").asInt()).isEqualTo(i);
        }
    }
}
