package dev.aitoingest.storage;

import java.util.List;
import java.util.Map;

/**
 * One entry of a table's commit log: the segments it adds and the segment keys it removes, with
 * {@code places} naming, for an added segment that rewrites or merges removed ones, the removed
 * segment whose place in the order it takes; or a fence: {@code schemaVersion} the table's schema
 * from here on (null when this commit sets none), {@code retired} when the generation ends (its
 * table replaced or dropped).
 */
public record Commit(long version, List<Segment> adds, List<String> removes, Map<String, String> places, Long schemaVersion,
                     boolean retired, long committedAt) {

    public Commit {
        adds = List.copyOf(adds);
        removes = List.copyOf(removes);
        places = Map.copyOf(places);
    }

    public static Commit data(long version, List<Segment> adds, List<String> removes) {
        return new Commit(version, adds, removes, Map.of(), null, false, 0);
    }
}
