package dev.aitoingest.storage;

import java.util.List;

/**
 * One entry of a table's commit log: the segments it adds and the segment keys it removes, or a
 * fence: {@code schemaVersion} the table's schema from here on (null when this commit sets none),
 * {@code retired} when the generation ends (its table replaced or dropped).
 */
public record Commit(long version, List<Segment> adds, List<String> removes, Long schemaVersion, boolean retired, long committedAt) {

    public Commit {
        adds = List.copyOf(adds);
        removes = List.copyOf(removes);
    }

    public static Commit data(long version, List<Segment> adds, List<String> removes) {
        return new Commit(version, adds, removes, null, false, 0);
    }
}
