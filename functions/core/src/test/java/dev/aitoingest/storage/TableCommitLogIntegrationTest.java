package dev.aitoingest.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aitoingest.testing.TestStorage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The commit log on dynalite, through the AWS SDK. */
class TableCommitLogIntegrationTest {

    private final TestStorage storage = TestStorage.fresh();

    @Test
    void concurrentWritersEachGetTheirOwnVersion() throws Exception {
        TableCommitLog log = storage.commitLog();
        TableRef ref = new TableRef("t", "g1");
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<Long>> versions = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            int writer = i;
            versions.add(pool.submit(() -> storage.commitLog()
                    .commit(ref, 0, List.of(new Segment("seg-" + writer, 10, 1, 0)), List.of(), Map.of())));
        }
        List<Long> got = new ArrayList<>();
        for (Future<Long> f : versions) {
            got.add(f.get());
        }
        pool.shutdown();
        assertThat(got).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L, 16L);
        TableState state = log.read(ref);
        assertThat(state.version()).isEqualTo(16);
        assertThat(state.segments()).hasSize(16);
        assertThat(state.rows()).isEqualTo(160);
    }

    @Test
    void aNewReaderFoldsTheSameStateAndACacheCatchesUp() {
        TableRef ref = new TableRef("t", "g2");
        TableCommitLog writer = storage.commitLog();
        writer.commit(ref, 0, List.of(new Segment("a", 1, 1, 0), new Segment("b", 2, 1, 0)), List.of(), Map.of());
        TableCommitLog reader = storage.commitLog();
        assertThat(reader.read(ref).rows()).isEqualTo(3);
        writer.commit(ref, 0, List.of(new Segment("ab", 3, 1, 0)), List.of("a", "b"), Map.of());
        assertThat(reader.read(ref).segments()).extracting(Segment::key).containsExactly("ab");
        assertThat(storage.commitLog().read(ref).segments()).extracting(Segment::key).containsExactly("ab");
    }

    @Test
    void removingASegmentThatIsGoneIsAConflict() {
        TableRef ref = new TableRef("t", "g3");
        TableCommitLog log = storage.commitLog();
        log.commit(ref, 0, List.of(new Segment("a", 1, 1, 0)), List.of(), Map.of());
        log.commit(ref, 0, List.of(), List.of("a"), Map.of());
        assertThatThrownBy(() -> log.commit(ref, 0, List.of(), List.of("a"), Map.of()))
                .isInstanceOf(StaleRemovalException.class);
    }

    @Test
    void generationsAreSeparateLogs() {
        TableCommitLog log = storage.commitLog();
        log.commit(new TableRef("t", "old"), 0, List.of(new Segment("x", 5, 1, 0)), List.of(), Map.of());
        assertThat(log.read(new TableRef("t", "new")).rows()).isZero();
    }

    @Test
    void aNewReaderStartsFromTheLatestCheckpoint() {
        TableRef ref = new TableRef("t", "g4");
        TableCommitLog writer = storage.commitLog();
        // writers fold the log before each commit, so they leave a checkpoint every CHECKPOINT_INTERVAL commits too
        int commits = TableCommitLog.CHECKPOINT_INTERVAL * 2;
        for (int i = 0; i < commits; i++) {
            writer.commit(ref, 0, List.of(new Segment("s" + i, 1, 1, 0)), i % 50 == 49 ? List.of("s" + (i - 40)) : List.of(), Map.of());
            if (i % 60 == 0) {
                writer.read(ref);
            }
        }
        TableState folded = writer.read(ref);
        assertThat(folded.checkpointVersion()).isEqualTo(commits);

        // with every commit before the checkpoint gone, only the checkpoint can give a new reader the state
        for (long version = 1; version <= commits; version++) {
            long v = version;
            storage.dynamo.deleteItem(b -> b.tableName(storage.settings.commitLogTable()).key(java.util.Map.of(
                    "log", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(ref.logId()),
                    "version", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN(Long.toString(v)))));
        }
        TableState restored = storage.commitLog().read(ref);
        assertThat(restored.version()).isEqualTo(commits);
        assertThat(restored.segments()).isEqualTo(folded.segments());
        assertThat(restored.rows()).isEqualTo(commits - commits / 50);
        assertThat(restored.removed()).isEqualTo(folded.removed());
    }
}
