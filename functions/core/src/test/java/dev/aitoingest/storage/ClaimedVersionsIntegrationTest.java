package dev.aitoingest.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aitoingest.testing.TestStorage;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/** Commits that claim their versions from the log's counter, on dynalite: many writers, dead writers, old logs. */
class ClaimedVersionsIntegrationTest {

    private static final Duration HOLE_TIMEOUT = Duration.ofMillis(300);

    private final TestStorage storage = TestStorage.fresh();
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void sixtyFourWritersOfTwentyCommitsEachLandOnceInVersionOrderAndACheckpointedReaderSeesThemAll() throws Exception {
        TableRef ref = new TableRef("busy", "g1");
        int writers = 64;
        int commits = 20;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Map<String, Long>>> done = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            done.add(pool.submit(() -> {
                // each writer a process of its own, as each Lambda instance is
                TableCommitLog log = storage.commitLog(storage.dynamo, VersionAllocation.COUNTER, StorageSettings.DEFAULT_HOLE_TIMEOUT);
                start.await();
                Map<String, Long> versions = new HashMap<>();
                for (int c = 0; c < commits; c++) {
                    String key = "w" + writer + "-c" + c;
                    versions.put(key, log.commit(ref, 0, List.of(new Segment(key, 1, 1, 0)), List.of(), Map.of()));
                }
                return versions;
            }));
        }
        start.countDown();
        Map<String, Long> versionOf = new HashMap<>();
        for (Future<Map<String, Long>> writer : done) {
            versionOf.putAll(writer.get(5, TimeUnit.MINUTES));
        }

        assertThat(versionOf).hasSize(writers * commits);
        assertThat(new HashSet<>(versionOf.values())).hasSize(writers * commits);
        for (int w = 0; w < writers; w++) {
            for (int c = 1; c < commits; c++) {
                assertThat(versionOf.get("w" + w + "-c" + c)).isGreaterThan(versionOf.get("w" + w + "-c" + (c - 1)));
            }
        }
        List<String> byVersion = versionOf.entrySet().stream().sorted(Map.Entry.comparingByValue()).map(Map.Entry::getKey).toList();
        TableState state = newReader().read(ref);
        assertThat(state.rows()).isEqualTo(writers * commits);
        assertThat(state.segments()).extracting(Segment::key).containsExactlyElementsOf(byVersion);

        // the writers left checkpoints; with every commit a checkpoint covers gone, a new reader still sees them all
        assertThat(state.checkpointVersion()).isGreaterThanOrEqualTo(state.version() - TableCommitLog.CHECKPOINT_INTERVAL);
        for (long version = 1; version <= state.checkpointVersion(); version++) {
            long v = version;
            storage.dynamo.deleteItem(b -> b.tableName(storage.settings.commitLogTable())
                    .key(Map.of("log", AttributeValue.fromS(ref.logId()), "version", AttributeValue.fromN(Long.toString(v)))));
        }
        TableState restored = newReader().read(ref);
        assertThat(restored.segments()).extracting(Segment::key).containsExactlyElementsOf(byVersion);
    }

    @Test
    void aWriterThatDiesBetweenClaimingAndWritingHoldsNoReaderPastTheHoleTimeoutAndLosesNoOtherCommit() throws Exception {
        TableRef ref = new TableRef("t", "g2");
        TableCommitLog others = newReader();
        others.commit(ref, 0, List.of(new Segment("a", 1, 1, 0)), List.of(), Map.of());
        TableCommitLog dying = storage.commitLog(failing(PutItemRequest.class::isInstance, null), VersionAllocation.COUNTER, HOLE_TIMEOUT);
        assertThatThrownBy(() -> dying.commit(ref, 0, List.of(new Segment("lost", 1, 1, 0)), List.of(), Map.of()))
                .hasMessageContaining("killed");

        assertThat(others.commit(ref, 0, List.of(new Segment("b", 1, 1, 0)), List.of(), Map.of())).isEqualTo(3);
        others.commit(ref, 0, List.of(new Segment("c", 1, 1, 0)), List.of(), Map.of());

        TableState state = pool.submit(() -> newReader().read(ref)).get(30, TimeUnit.SECONDS);
        assertThat(state.version()).isEqualTo(4);
        assertThat(state.segments()).extracting(Segment::key).containsExactly("a", "b", "c");
    }

    @Test
    void aWriterPausedPastTheHoleTimeoutFindsItsVersionSealedAndCommitsOnceAfterTheOthers() throws Exception {
        TableRef ref = new TableRef("t", "g3");
        CountDownLatch putting = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        TableCommitLog slow = storage.commitLog(failing(PutItemRequest.class::isInstance, () -> {
            putting.countDown();
            await(resume);
        }), VersionAllocation.COUNTER, HOLE_TIMEOUT);
        Future<Long> slowCommit = pool.submit(() -> slow.commit(ref, 0, List.of(new Segment("slow", 1, 1, 0)), List.of(), Map.of()));
        assertThat(putting.await(30, TimeUnit.SECONDS)).isTrue();

        TableCommitLog others = newReader();
        others.commit(ref, 0, List.of(new Segment("b", 1, 1, 0)), List.of(), Map.of());
        others.commit(ref, 0, List.of(new Segment("c", 1, 1, 0)), List.of(), Map.of());
        assertThat(newReader().read(ref).segments()).extracting(Segment::key).containsExactly("b", "c");

        resume.countDown();
        assertThat(slowCommit.get(30, TimeUnit.SECONDS)).isEqualTo(4);
        TableState state = newReader().read(ref);
        assertThat(state.segments()).extracting(Segment::key).containsExactly("b", "c", "slow");
        assertThat(state.rows()).isEqualTo(3);
    }

    @Test
    void aClaimTheSdkSentTwiceLeavesAHoleThatIsSealed() throws Exception {
        TableRef ref = new TableRef("t", "g4");
        TableCommitLog twice = storage.commitLog(storage.retryingTheFirst(UpdateItemRequest.class::isInstance), VersionAllocation.COUNTER,
                HOLE_TIMEOUT);
        twice.commit(ref, 0, List.of(new Segment("a", 1, 1, 0)), List.of(), Map.of());
        newReader().commit(ref, 0, List.of(new Segment("b", 1, 1, 0)), List.of(), Map.of());

        TableState state = pool.submit(() -> newReader().read(ref)).get(30, TimeUnit.SECONDS);
        assertThat(state.segments()).extracting(Segment::key).containsExactly("a", "b");
        assertThat(state.version()).isEqualTo(3);
    }

    @Test
    void aLogWrittenByRacingWritersIsContinuedByTheCounter() {
        TableRef ref = new TableRef("t", "g5");
        TableCommitLog racing = storage.commitLog(storage.dynamo, VersionAllocation.RACE, HOLE_TIMEOUT);
        for (int i = 0; i < 30; i++) {
            racing.commit(ref, 0, List.of(new Segment("r" + i, 1, 1, 0)), List.of(), Map.of());
        }
        TableCommitLog counting = newReader();
        assertThat(counting.commit(ref, 0, List.of(new Segment("c0", 1, 1, 0)), List.of(), Map.of())).isEqualTo(31);
        assertThat(counting.commit(ref, 0, List.of(new Segment("c1", 1, 1, 0)), List.of(), Map.of())).isEqualTo(32);
        assertThat(racing.commit(ref, 0, List.of(new Segment("r30", 1, 1, 0)), List.of(), Map.of())).isEqualTo(33);
        assertThat(newReader().read(ref).rows()).isEqualTo(33);
    }

    @Test
    void aCommitThatLandsAfterASchemaFenceIsRefusedWhereItStandsAndChangesNothing() {
        TableRef ref = new TableRef("t", "g6");
        TableCommitLog log = newReader();
        log.commit(ref, 0, List.of(new Segment("before", 1, 1, 0)), List.of(), Map.of());
        TableCommitLog stale = newReader();
        stale.read(ref);
        assertThat(log.fence(ref, log.read(ref), 1)).isTrue();

        assertThatThrownBy(() -> stale.commit(ref, 0, List.of(new Segment("stale", 1, 1, 0)), List.of(), Map.of()))
                .isInstanceOf(TableChangedException.class);
        stale.commit(ref, 1, List.of(new Segment("after", 1, 1, 1)), List.of(), Map.of());
        TableState state = newReader().read(ref);
        assertThat(state.segments()).extracting(Segment::key).containsExactly("before", "after");
        assertThat(state.fence().schemaVersion()).isEqualTo(1);
    }

    @Test
    void aFenceDecidedOnAnEmptyTableDoesNotStandWhereRowsCameFirst() {
        TableRef ref = new TableRef("t", "g7");
        TableCommitLog log = newReader();
        TableState empty = log.read(ref);
        log.commit(ref, 0, List.of(new Segment("a", 1, 1, 0)), List.of(), Map.of());

        assertThat(log.fence(ref, empty, 1)).isFalse();
        assertThat(newReader().read(ref).fence().schemaVersion()).isZero();
        assertThat(log.fence(ref, log.read(ref), 1)).isTrue();
        assertThat(newReader().read(ref).fence().schemaVersion()).isEqualTo(1);
    }

    @Test
    void aCommitOfSegmentsWithNoFenceClaimedSinceReadsNothingFromTheLog() {
        TableRef ref = new TableRef("t", "g8");
        newReader().commit(ref, 0, List.of(new Segment("a", 1, 1, 0)), List.of(), Map.of());
        List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        TableCommitLog writer = storage.commitLog(recording(calls), VersionAllocation.COUNTER, HOLE_TIMEOUT);
        writer.commit(ref, 0, List.of(new Segment("b", 1, 1, 0)), List.of(), Map.of());
        writer.commit(ref, 0, List.of(new Segment("c", 1, 1, 0)), List.of(), Map.of());
        assertThat(calls).containsExactly("updateItem", "putItem", "updateItem", "putItem");

        // after a fence, the first commit reads the log once; the next ones again need not
        newReader().setFence(ref, 0);
        calls.clear();
        writer.commit(ref, 0, List.of(new Segment("d", 1, 1, 0)), List.of(), Map.of());
        writer.commit(ref, 0, List.of(new Segment("e", 1, 1, 0)), List.of(), Map.of());
        assertThat(calls).filteredOn(call -> call.equals("query")).isNotEmpty();
        assertThat(calls.subList(calls.size() - 2, calls.size())).containsExactly("updateItem", "putItem");
        assertThat(newReader().read(ref).segments()).extracting(Segment::key).containsExactly("a", "b", "c", "d", "e");
    }

    @Test
    void aTableOnlyEverWrittenToStillLeavesCheckpoints() {
        TableRef ref = new TableRef("t", "g9");
        TableCommitLog writer = newReader();
        int commits = TableCommitLog.CHECKPOINT_INTERVAL * 2 + 10;
        for (int i = 0; i < commits; i++) {
            writer.commit(ref, 0, List.of(new Segment("s" + i, 1, 1, 0)), List.of(), Map.of());
        }
        for (long version = 1; version <= TableCommitLog.CHECKPOINT_INTERVAL * 2; version++) {
            long v = version;
            storage.dynamo.deleteItem(b -> b.tableName(storage.settings.commitLogTable())
                    .key(Map.of("log", AttributeValue.fromS(ref.logId()), "version", AttributeValue.fromN(Long.toString(v)))));
        }
        assertThat(newReader().read(ref).rows()).isEqualTo(commits);
    }

    private TableCommitLog newReader() {
        return storage.commitLog(storage.dynamo, VersionAllocation.COUNTER, HOLE_TIMEOUT);
    }

    /**
     * This storage's client, except that the first request {@code hit} picks never reaches DynamoDB:
     * with {@code pause} null the writer dies there; otherwise it first waits for {@code pause} and
     * then sends it, as a writer stalled in a long pause would.
     */
    private DynamoDbClient failing(Predicate<Object> hit, Runnable pause) {
        boolean[] done = new boolean[1];
        return intercepted((name, request) -> {
            if (hit.test(request) && !done[0]) {
                done[0] = true;
                if (pause == null) {
                    throw new IllegalStateException("killed before its put was sent");
                }
                pause.run();
            }
        });
    }

    /** This storage's client, recording the name of every call. */
    private DynamoDbClient recording(List<String> calls) {
        return intercepted((name, request) -> calls.add(name));
    }

    /** This storage's client, telling {@code before} of every call (its name and request) before it is sent. */
    private DynamoDbClient intercepted(BiConsumer<String, Object> before) {
        return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(), new Class<?>[] {DynamoDbClient.class},
                (proxy, method, args) -> {
                    if (args != null && args.length == 1 && args[0] instanceof Consumer) {
                        // the SDK's builder-style overloads build the request and call the plain method
                        return InvocationHandler.invokeDefault(proxy, method, args);
                    }
                    before.accept(method.getName(), args != null && args.length == 1 ? args[0] : null);
                    try {
                        return method.invoke(storage.dynamo, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
