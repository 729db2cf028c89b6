package dev.aitoingest.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TableStateTest {

    private static Segment seg(String key, long rows) {
        return new Segment(key, rows, 10, 0);
    }

    @Test
    void foldsAddsInCommitOrder() {
        TableState state = TableState.empty().apply(List.of(
                Commit.data(1, List.of(seg("a", 2)), List.of()),
                Commit.data(2, List.of(seg("b", 3), seg("c", 1)), List.of())));
        assertThat(state.version()).isEqualTo(2);
        assertThat(state.segments()).extracting(Segment::key).containsExactly("a", "b", "c");
        assertThat(state.rows()).isEqualTo(6);
    }

    @Test
    void theSameSegmentCommittedTwiceCountsOnce() {
        TableState state = TableState.empty().apply(List.of(
                Commit.data(1, List.of(seg("job-1-chunk-0", 5)), List.of()),
                Commit.data(2, List.of(seg("job-1-chunk-0", 5)), List.of())));
        assertThat(state.rows()).isEqualTo(5);
    }

    @Test
    void aRemovedSegmentNeverComesBack() {
        TableState state = TableState.empty().apply(List.of(
                Commit.data(1, List.of(seg("a", 1), seg("b", 1)), List.of()),
                Commit.data(2, List.of(seg("ab", 2)), List.of("a", "b")),
                Commit.data(3, List.of(seg("a", 1)), List.of())));
        assertThat(state.segments()).extracting(Segment::key).containsExactly("ab");
    }

    @Test
    void applyingLeavesTheOldStateUnchangedAndRejectsOldVersions() {
        TableState one = TableState.empty().apply(List.of(Commit.data(1, List.of(seg("a", 1)), List.of())));
        TableState two = one.apply(List.of(Commit.data(2, List.of(seg("b", 1)), List.of())));
        assertThat(one.segments()).hasSize(1);
        assertThat(two.segments()).hasSize(2);
        assertThatThrownBy(() -> two.apply(List.of(Commit.data(2, List.of(), List.of()))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void appendsAfterARewriteInOneFoldKeepTheirOrderAndLeaveTheBaseUnchanged() {
        TableState base = TableState.empty().apply(List.of(Commit.data(1, List.of(seg("a", 1), seg("b", 1)), List.of())));
        TableState folded = base.apply(List.of(
                Commit.data(2, List.of(seg("c", 1)), List.of()),
                Commit.data(3, List.of(seg("ab", 2)), List.of("a", "b")),
                Commit.data(4, List.of(seg("d", 1)), List.of()),
                Commit.data(5, List.of(seg("a", 1)), List.of())));
        assertThat(folded.segments()).extracting(Segment::key).containsExactly("c", "ab", "d");
        assertThat(base.segments()).extracting(Segment::key).containsExactly("a", "b");
    }
}
