package dev.aitoingest.storage;

import java.util.List;

/** One entry of a table's commit log: the segments it adds and the segment keys it removes. */
public record Commit(long version, List<Segment> adds, List<String> removes) {

    public Commit {
        adds = List.copyOf(adds);
        removes = List.copyOf(removes);
    }
}
