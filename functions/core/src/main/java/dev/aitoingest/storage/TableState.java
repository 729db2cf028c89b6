package dev.aitoingest.storage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A table's contents as of one commit version: its live segments in commit order. Folding is
 * idempotent: a segment added twice (the same file chunk committed by two racing processors) is
 * live once, and a removed segment never comes back. A commit refused where it stands (see
 * {@link #refusal}) changes nothing but the version.
 */
public final class TableState {

    /** The fences folded so far: the table's schema version (0 until a schema change), since when, and whether the generation ended. */
    public record Fence(long schemaVersion, long since, boolean retired) {
        static final Fence NONE = new Fence(0, 0, false);
    }

    /** Why a commit that requires a schema version does not take effect where it stands in the log. */
    public enum Refusal {
        /** The generation ended before it: the table was replaced or dropped. */
        RETIRED,
        /** A schema change came before it: its rows were validated against another schema version. */
        SCHEMA_CHANGED,
        /** A segment it removes was removed before it: it was planned against a state that no longer exists. */
        STALE_REMOVAL,
        /** A fence decided on the table having rows, or none, where that is no longer so. */
        ROWS_CHANGED
    }

    private final long version;
    private final LinkedHashMap<String, Segment> live;
    /** Removed segment keys, with when the commit that removed them was made: garbage only after a grace period. */
    private final Map<String, Long> removed;
    private final long checkpointVersion;
    private final Fence fence;

    private TableState(long version, LinkedHashMap<String, Segment> live, Map<String, Long> removed, long checkpointVersion, Fence fence) {
        this.version = version;
        this.live = live;
        this.removed = removed;
        this.checkpointVersion = checkpointVersion;
        this.fence = fence;
    }

    public static TableState empty() {
        return new TableState(0, new LinkedHashMap<>(), new HashMap<>(), 0, Fence.NONE);
    }

    /** The state a checkpoint holds, as of {@code version}. */
    public static TableState restore(long version, List<Segment> live, Map<String, Long> removed, Fence fence) {
        LinkedHashMap<String, Segment> segments = new LinkedHashMap<>();
        live.forEach(segment -> segments.put(segment.key(), segment));
        return new TableState(version, segments, new HashMap<>(removed), version, fence);
    }

    /** A new state with the commits applied in order; this one is left as it was. */
    public TableState apply(List<Commit> commits) {
        if (commits.isEmpty()) {
            return this;
        }
        LinkedHashMap<String, Segment> nextLive = new LinkedHashMap<>(live);
        Map<String, Long> nextRemoved = new HashMap<>(removed);
        long nextVersion = version;
        Fence nextFence = fence;
        for (Commit commit : commits) {
            if (commit.version() <= nextVersion) {
                throw new IllegalArgumentException("commit " + commit.version() + " is not after version " + nextVersion);
            }
            nextVersion = commit.version();
            if (refusal(commit, nextFence, nextLive) != null) {
                continue;
            }
            nextLive = replace(nextLive, commit, nextRemoved);
            if (commit.schemaVersion() != null || commit.retired()) {
                nextFence = new Fence(commit.schemaVersion() != null ? commit.schemaVersion() : nextFence.schemaVersion(),
                        commit.committedAt(), nextFence.retired() || commit.retired());
            }
        }
        return new TableState(nextVersion, nextLive, nextRemoved, checkpointVersion, nextFence);
    }

    /** Why {@code commit}, placed right after this state, would not take effect; null when it would. */
    public Refusal refusal(Commit commit) {
        return refusal(commit, fence, live);
    }

    private static Refusal refusal(Commit commit, Fence fence, Map<String, Segment> live) {
        if (commit.requiresRows() != null) {
            boolean hasRows = live.values().stream().anyMatch(segment -> segment.rows() > 0);
            return hasRows == commit.requiresRows() ? null : Refusal.ROWS_CHANGED;
        }
        if (commit.requires() == null) {
            return null;
        }
        if (fence.retired()) {
            return Refusal.RETIRED;
        }
        if (fence.schemaVersion() != commit.requires()) {
            return Refusal.SCHEMA_CHANGED;
        }
        for (String key : commit.removes()) {
            if (!live.containsKey(key)) {
                return Refusal.STALE_REMOVAL;
            }
        }
        return null;
    }

    /**
     * One commit's removes and adds: an add that takes the place of a removed segment (a rewrite
     * by delete, a merge by optimize) goes where that segment was, so rows keep their insertion
     * order; other adds go last. {@code live} is this fold's own copy: an append (no removes) adds
     * to it in place, so folding many appends costs no copy of the segment list each.
     */
    private static LinkedHashMap<String, Segment> replace(LinkedHashMap<String, Segment> live, Commit commit, Map<String, Long> removed) {
        if (commit.removes().isEmpty()) {
            for (Segment segment : commit.adds()) {
                if (!removed.containsKey(segment.key())) {
                    live.putIfAbsent(segment.key(), segment);
                }
            }
            return live;
        }
        Set<String> removes = new HashSet<>(commit.removes());
        Map<String, List<Segment>> inPlaceOf = new HashMap<>();
        List<Segment> last = new ArrayList<>();
        for (Segment segment : commit.adds()) {
            String place = commit.places().get(segment.key());
            if (place != null && live.containsKey(place) && removes.contains(place)) {
                inPlaceOf.computeIfAbsent(place, k -> new ArrayList<>()).add(segment);
            } else {
                last.add(segment);
            }
        }
        LinkedHashMap<String, Segment> next = new LinkedHashMap<>();
        live.forEach((key, segment) -> {
            if (removes.contains(key)) {
                inPlaceOf.getOrDefault(key, List.of()).forEach(added -> next.putIfAbsent(added.key(), added));
            } else {
                next.put(key, segment);
            }
        });
        removes.forEach(key -> removed.putIfAbsent(key, commit.committedAt()));
        for (Segment segment : last) {
            if (!removed.containsKey(segment.key())) {
                next.putIfAbsent(segment.key(), segment);
            }
        }
        return next;
    }

    /** This state, recorded as checkpointed at its version. */
    public TableState checkpointed() {
        return checkpointedAt(version);
    }

    /** This state, knowing of a checkpoint at {@code checkpointVersion} (at most its own version). */
    public TableState checkpointedAt(long checkpointVersion) {
        return new TableState(version, live, removed, Math.min(checkpointVersion, version), fence);
    }

    /** The version of the newest checkpoint this state is known to have (0: none). */
    public long checkpointVersion() {
        return checkpointVersion;
    }

    /** Keys removed by some commit, with when; folding never lets them back. */
    public Map<String, Long> removed() {
        return Map.copyOf(removed);
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
