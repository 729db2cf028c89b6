package dev.aitoingest.rewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aitoingest.Json;
import dev.aitoingest.ServiceException;
import dev.aitoingest.ingest.TableWriter;
import dev.aitoingest.job.OperationJob;
import dev.aitoingest.job.OperationJobs;
import dev.aitoingest.job.ProcessingSettings;
import dev.aitoingest.query.SearchRequest;
import dev.aitoingest.storage.Segment;
import dev.aitoingest.storage.SegmentStore;
import dev.aitoingest.storage.TableRef;
import dev.aitoingest.storage.TableState;
import dev.aitoingest.testing.TestStorage;
import dev.aitoingest.wiring.CoreComponents;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Delete, optimize and their jobs on s3proxy and dynalite. */
class TableRewriterIntegrationTest {

    /** Every segment in S3: what garbage collection does is seen in the bucket. Inline ones: {@code InlineSegmentsIntegrationTest}. */
    private final TestStorage storage = TestStorage.fresh(0);
    private final List<String> started = new CopyOnWriteArrayList<>();
    private final CoreComponents core = storage.core(storage.dynamo, TestStorage.PROCESSING, Duration.ofHours(1), started::add);

    /** Rows 0..99 in ten batches (ten segments): id, a name, a Text of tags, a nullable score. */
    @BeforeEach
    void tenSegments() throws Exception {
        core.schemas().putTable("rows", Json.MAPPER.readTree("{\"columns\":{\"id\":{\"type\":\"Int\"},\"name\":{\"type\":\"String\"},"
                + "\"tags\":{\"type\":\"Text\",\"analyzer\":\"whitespace\"},\"score\":{\"type\":\"Decimal\",\"nullable\":true}}}"));
        for (int batch = 0; batch < 10; batch++) {
            append(core.writer(), IntStream.range(batch * 10, batch * 10 + 10));
        }
    }

    private static void append(TableWriter writer, IntStream ids) {
        StringBuilder rows = new StringBuilder("[");
        ids.forEach(i -> rows.append(rows.length() > 1 ? "," : "").append("{\"id\":").append(i).append(",\"name\":\"n").append(i)
                .append("\",\"tags\":\"").append(i % 2 == 0 ? "even" : "odd").append(i % 10 == 0 ? " round" : "")
                .append("\",\"score\":").append(i % 3 == 0 ? "null" : i + ".50").append("}"));
        writer.appendBatch("rows", rows.append("]").toString().getBytes(StandardCharsets.UTF_8));
    }

    private List<Integer> ids(CoreComponents view) throws Exception {
        List<Integer> ids = new ArrayList<>();
        view.search().search(SearchRequest.parse(Json.MAPPER.readTree("{\"from\":\"rows\",\"limit\":10000}")))
                .hits().forEach(hit -> ids.add(hit.get("id").asInt()));
        return ids;
    }

    private long delete(String where) throws Exception {
        return core.rewriter().delete(TableRewriter.DeleteRequest.parse(Json.MAPPER.readTree("{\"from\":\"rows\",\"where\":" + where + "}")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"id\":7}|1",
        "{\"id\":{\"$gt\":89}}|10",
        "{\"id\":{\"$gte\":90}}|10",
        "{\"id\":{\"$lt\":5}}|5",
        "{\"id\":{\"$lte\":5}}|6",
        "{\"name\":{\"$startsWith\":\"n9\"}}|11",
        "{\"tags\":{\"$has\":\"round\"}}|10",
        "{\"score\":null}|34",
        "{\"$and\":[{\"id\":{\"$lt\":50}},{\"tags\":{\"$has\":\"odd\"}}]}|25",
        "{\"$or\":[{\"id\":1},{\"id\":99}]}|2",
        "{\"$not\":{\"id\":{\"$lt\":98}}}|2"
    })
    void deleteRemovesExactlyTheMatchingRowsAndKeepsTheOrder(String where, long expected) throws Exception {
        List<Integer> before = ids(core);
        assertThat(delete(where)).isEqualTo(expected);
        List<Integer> after = ids(storage.core());
        assertThat(after).hasSize(100 - (int) expected);
        assertThat(before).containsSubsequence(after);
        assertThat(delete(where)).as("nothing left to delete").isZero();
    }

    @Test
    void deleteOfEverythingLeavesAnEmptyTableAndUnknownColumnsAre400() throws Exception {
        assertThat(core.rewriter().delete(TableRewriter.DeleteRequest.parse(Json.MAPPER.readTree("{\"from\":\"rows\"}")))).isEqualTo(100);
        assertThat(ids(storage.core())).isEmpty();
        assertThatThrownBy(() -> delete("{\"nope\":1}")).isInstanceOfSatisfying(ServiceException.class,
                e -> assertThat(e.kind()).isEqualTo(ServiceException.Kind.BAD_REQUEST));
        assertThatThrownBy(() -> core.rewriter().delete(TableRewriter.DeleteRequest.parse(Json.MAPPER.readTree("{\"from\":\"none\"}"))))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.kind()).isEqualTo(ServiceException.Kind.NOT_FOUND));
    }

    @Test
    void deletesRacingUploadsAndEachOtherLoseNothingAndBringNothingBack() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int writer = 0; writer < 8; writer++) {
                int from = 1000 + writer * 100;
                TableWriter own = storage.core().writer();
                work.add(pool.submit(() -> {
                    for (int batch = 0; batch < 5; batch++) {
                        append(own, IntStream.range(from + batch * 20, from + batch * 20 + 20));
                    }
                }));
            }
            // two deletes, each a process of its own, racing the uploads and each other
            work.add(pool.submit(() -> storage.core().rewriter().delete(new TableRewriter.DeleteRequest("rows",
                    Json.MAPPER.readTree("{\"id\":{\"$lt\":30}}")))));
            work.add(pool.submit(() -> storage.core().rewriter().delete(new TableRewriter.DeleteRequest("rows",
                    Json.MAPPER.readTree("{\"$and\":[{\"id\":{\"$gte\":30}},{\"id\":{\"$lt\":60}}]}")))));
            for (Future<?> done : work) {
                done.get();
            }
        } finally {
            pool.shutdownNow();
        }
        List<Integer> after = ids(storage.core());
        List<Integer> expected = new ArrayList<>(IntStream.range(60, 100).boxed().toList());
        IntStream.range(1000, 1800).forEach(expected::add);
        assertThat(after).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(after.subList(0, 40)).as("the rows that stayed keep their order").isEqualTo(IntStream.range(60, 100).boxed().toList());
    }

    @Test
    void optimizeMergesTwoHundredSmallSegmentsWithoutChangingWhatReadersSee() throws Exception {
        for (int batch = 0; batch < 190; batch++) {
            append(core.writer(), IntStream.of(100 + batch));
        }
        TableRef ref = new TableRef("rows", core.schemas().table("rows").generation());
        assertThat(core.commitLog().read(ref).segments()).hasSize(200);
        List<JsonNode> before = core.search().search(SearchRequest.parse(Json.MAPPER.readTree("{\"from\":\"rows\",\"limit\":1000}"))).hits();
        core.rewriter().optimize("rows");
        CoreComponents fresh = storage.core();
        TableState after = fresh.commitLog().read(ref);
        assertThat(after.segments()).hasSize(1);
        assertThat(after.checkpointVersion()).as("optimize folds the log into a checkpoint").isEqualTo(after.version());
        assertThat(fresh.search().search(SearchRequest.parse(Json.MAPPER.readTree("{\"from\":\"rows\",\"limit\":1000}"))).hits())
                .isEqualTo(before);
        core.rewriter().optimize("rows");
        assertThat(storage.core().commitLog().read(ref).version()).as("nothing left to merge: no commit").isEqualTo(after.version());
    }

    @Test
    void jobsRunWhereFileJobsRunAndShowFinishedAtOnlyOnceDone() throws Exception {
        OperationJobs jobs = core.operations();
        OperationJob delete = jobs.startDelete(Json.MAPPER.readTree("{\"from\":\"rows\",\"where\":{\"id\":{\"$lt\":10}}}"));
        OperationJob optimize = jobs.startOptimize("rows");
        assertThat(started).containsExactly(delete.id(), optimize.id());
        assertThat(jobs.find(delete.id()).orElseThrow().isDone()).isFalse();
        core.runner().run(delete.id(), null);
        core.runner().run(optimize.id(), null);
        OperationJob deleted = jobs.find(delete.id()).orElseThrow();
        assertThat(deleted.isDone()).isTrue();
        assertThat(deleted.result().get("total").asLong()).isEqualTo(10);
        assertThat(jobs.find(optimize.id()).orElseThrow().result()).isEqualTo(Json.MAPPER.createObjectNode());
        core.runner().run(delete.id(), null);
        assertThat(jobs.find(delete.id()).orElseThrow().result().get("total").asLong()).as("a retried invocation changes nothing").isEqualTo(10);
        assertThat(jobs.recent(10)).extracting(OperationJob::id).containsExactly(optimize.id(), delete.id());
        assertThatThrownBy(() -> jobs.startOptimize("none")).isInstanceOf(ServiceException.class);
        assertThatThrownBy(() -> jobs.startDelete(Json.MAPPER.readTree("{\"from\":\"rows\",\"where\":{\"nope\":1}}")))
                .isInstanceOf(ServiceException.class);
    }

    @Test
    void garbageGoesOnlyAfterTheGracePeriodAndNeverALiveSegment() throws Exception {
        String generation = core.schemas().table("rows").generation();
        TableRef ref = new TableRef("rows", generation);
        delete("{\"id\":{\"$lt\":15}}");
        core.rewriter().optimize("rows");
        List<String> live = core.commitLog().read(ref).segments().stream().map(segment -> segment.key()).toList();
        SegmentStore segments = new SegmentStore(storage.s3, storage.settings.bucket(), storage.settings.inlineSegmentBytes());
        int before = segments.list(ref.dataPrefix()).size();
        assertThat(before).as("optimize collected nothing yet: all of it is younger than the grace period").isGreaterThan(live.size() + 1);

        // a reader folded the table a moment ago and is still reading its segments
        TableState reading = storage.core().commitLog().read(ref);
        // the table is replaced: its old generation is retired
        core.schemas().putTable("rows", Json.MAPPER.readTree("{\"columns\":{\"id\":{\"type\":\"Int\"}}}"));
        GarbageCollector now = new GarbageCollector(core.schemas(), segments, core.commitLog(), Clock.systemUTC());
        assertThat(now.collect("rows")).isZero();
        for (Segment segment : reading.segments()) {
            assertThat(segments.list(segment.key())).as("a segment a reader may still need").hasSize(1);
        }
        GarbageCollector later = new GarbageCollector(core.schemas(), segments, core.commitLog(),
                Clock.offset(Clock.systemUTC(), GarbageCollector.GRACE.plusMinutes(1)));
        assertThat(later.collect("rows")).isEqualTo(before);
        assertThat(segments.list(ref.dataPrefix())).isEmpty();
    }

    @Test
    void inTheCurrentGenerationOnlyWhatNoCommitNamesGoes() throws Exception {
        TableRef ref = new TableRef("rows", core.schemas().table("rows").generation());
        delete("{\"id\":{\"$lt\":15}}");
        SegmentStore segments = new SegmentStore(storage.s3, storage.settings.bucket(), storage.settings.inlineSegmentBytes());
        GarbageCollector later = new GarbageCollector(core.schemas(), segments, core.commitLog(),
                Clock.offset(Clock.systemUTC(), GarbageCollector.GRACE.plusMinutes(1)));
        assertThat(later.collect("rows")).as("the two rewritten segments").isEqualTo(2);
        List<String> live = storage.core().commitLog().read(ref).segments().stream().map(Segment::key).toList();
        assertThat(segments.list(ref.dataPrefix()).stream().map(SegmentStore.StoredObject::key).filter(key -> !key.contains("_checkpoints/")))
                .containsExactlyInAnyOrderElementsOf(live);
        assertThat(ids(storage.core())).hasSize(85);
    }

    @Test
    void aTableThatGathersSmallSegmentsIsOptimizedByAJobWithoutAsking() throws Exception {
        CoreComponents watched = storage.core(storage.dynamo, new ProcessingSettings(50_000, 32L << 20, Duration.ofMinutes(10), 32L << 20, 16),
                Duration.ofHours(1), started::add);
        for (int i = 0; i < 40; i++) {
            append(watched.writer(), IntStream.of(100 + i));
        }
        assertThat(started).as("one job, however many commits passed the threshold").hasSize(1);
        TableRef ref = new TableRef("rows", core.schemas().table("rows").generation());
        watched.runner().run(started.get(0), null);
        assertThat(storage.core().commitLog().read(ref).segments()).hasSize(1);
        assertThat(ids(storage.core())).hasSize(140);
    }

    @Test
    void rewrittenAndMergedSegmentsKeepExactStatisticsSoSkippingStaysRight() throws Exception {
        delete("{\"id\":{\"$lt\":15}}");
        TableRef ref = new TableRef("rows", core.schemas().table("rows").generation());
        Segment rewritten = core.commitLog().read(ref).segments().get(0);
        assertThat(rewritten.stats().column("id").min().asInt()).as("ids 15..19 are what is left of 10..19").isEqualTo(15);
        assertThat(rewritten.stats().column("id").max().asInt()).isEqualTo(19);
        core.rewriter().optimize("rows");
        Segment merged = storage.core().commitLog().read(ref).segments().get(0);
        assertThat(merged.stats().column("id").min().asInt()).isEqualTo(15);
        assertThat(merged.stats().column("id").max().asInt()).isEqualTo(99);
        assertThat(merged.stats().column("score").nulls()).as("every id divisible by 3 from 15 to 99").isEqualTo(29);
        List<Integer> found = new ArrayList<>();
        storage.core().search().search(SearchRequest.parse(Json.MAPPER.readTree(
                "{\"from\":\"rows\",\"where\":{\"$and\":[{\"id\":{\"$gte\":40}},{\"id\":{\"$lt\":50}}]},\"limit\":100}")))
                .hits().forEach(hit -> found.add(hit.get("id").asInt()));
        assertThat(found).containsExactlyElementsOf(IntStream.range(40, 50).boxed().toList());
    }
}
