package dev.aitoingest.storage;

import java.util.ArrayList;
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

    private final long version;
    private final LinkedHashMap<String, Segment> live;
    private final Set<String> removed;

    private TableState(long version, LinkedHashMap<String, Segment> live, Set<String> removed) {
        this.version = version;
        this.live = live;
        this.removed = removed;
    }

    public static TableState empty() {
        return new TableState(0, new LinkedHashMap<>(), new HashSet<>());
    }

    /** A new state with the commits applied in order; this one is left as it was. */
    public TableState apply(List<Commit> commits) {
        if (commits.isEmpty()) {
            return this;
        }
        LinkedHashMap<String, Segment> nextLive = new LinkedHashMap<>(live);
        Set<String> nextRemoved = new HashSet<>(removed);
        long nextVersion = version;
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
            nextVersion = commit.version();
        }
        return new TableState(nextVersion, nextLive, nextRemoved);
    }

    public long version() {
        return version;
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
