package dev.aitoingest.storage;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;

/**
 * A table's contents as of one commit version: its live segments in commit order. Folding is
 * idempotent: a segment added twice (the same file chunk committed by two racing processors) is
 * live once, and a removed segment never comes back.
 */
public final class TableState {

    /** The fences folded so far: the table's schema version (0 until a schema change), since when, and whether the generation ended. */
    public record Fence(long schemaVersion, long since, boolean retired) {
        static final Fence NONE = new Fence(0, 0, false);
    }

    private final long version;
    private final LinkedHashMap<String, Segment> live;
    private final Set<String> removed;
    private final long checkpointVersion;
    private final Fence fence;

    private TableState(long version, LinkedHashMap<String, Segment> live, Set<String> removed, long checkpointVersion, Fence fence) {
        this.version = version;
        this.live = live;
        this.removed = removed;
        this.checkpointVersion = checkpointVersion;
        this.fence = fence;
    }

    public static TableState empty() {
        return new TableState(0, new LinkedHashMap<>(), new HashSet<>(), 0, Fence.NONE);
    }

    /** The state a checkpoint holds, as of {@code version}. */
    public static TableState restore(long version, List<Segment> live, Collection<String> removed, Fence fence) {
        LinkedHashMap<String, Segment> segments = new LinkedHashMap<>();
        live.forEach(segment -> segments.put(segment.key(), segment));
        return new TableState(version, segments, new HashSet<>(removed), version, fence);
    }

    /** A new state with the commits applied in order; this one is left as it was. */
    public TableState apply(List<Commit> commits) {
        if (commits.isEmpty()) {
            return this;
        }
        LinkedHashMap<String, Segment> nextLive = new LinkedHashMap<>(live);
        Set<String> nextRemoved = new HashSet<>(removed);
        long nextVersion = version;
        Fence nextFence = fence;
        for (Commit commit : commits) {
            if (commit.version() <= nextVersion) {
                throw new IllegalArgumentException("commit " + commit.version() + " is not after version " + nextVersion);
            }
            for (String key : commit.removes()) {
                nextLive.remove(key);
                nextRemoved.add(key);
            }
            for (Segment segment : commit.adds()) {
                if (!nextRemoved.contains(segment.key())) {
                    nextLive.putIfAbsent(segment.key(), segment);
                }
            }
            if (commit.schemaVersion() != null || commit.retired()) {
                nextFence = new Fence(commit.schemaVersion() != null ? commit.schemaVersion() : nextFence.schemaVersion(),
                        commit.committedAt(), nextFence.retired() || commit.retired());
            }
            nextVersion = commit.version();
        }
        return new TableState(nextVersion, nextLive, nextRemoved, checkpointVersion, nextFence);
    }

    /** This state, recorded as checkpointed at its version. */
    public TableState checkpointed() {
        return new TableState(version, live, removed, version, fence);
    }

    /** The version of the newest checkpoint this state is known to have (0: none). */
    public long checkpointVersion() {
        return checkpointVersion;
    }

    /** Keys removed by some commit; folding never lets them back. */
    public Set<String> removedKeys() {
        return Set.copyOf(removed);
    }

    public long version() {
        return version;
    }

    public Fence fence() {
        return fence;
    }

    public List<Segment> segments() {
        return new ArrayList<>(live.values());
    }

    public boolean isLive(String key) {
        return live.containsKey(key);
    }

    public long rows() {
        long rows = 0;
        for (Segment segment : live.values()) {
            rows += segment.rows();
        }
        return rows;
    }
}
