package dev.aitoingest.storage;

import java.util.List;
import java.util.Map;

/**
 * One entry of a table's commit log: the segments it adds and the segment keys it removes, with
 * {@code places} naming, for an added segment that rewrites or merges removed ones, the removed
 * segment whose place in the order it takes; or a fence: {@code schemaVersion} the table's schema
 * from here on (null when this commit sets none), {@code retired} when the generation ends (its
 * table replaced or dropped). A commit written at a claimed version carries {@code requires}, the
 * schema version its rows were validated against: it takes effect only if, at its place in the
 * log, the generation is live, its schema is that version and every segment it removes is live
 * (see {@link TableState#refusal}). A fence decided on whether the table had rows carries that as
 * {@code requiresRows}, and stands only where that is still so. Commits without either (other
 * fences, retirements, aborted versions and commits written before versions were claimed) stand
 * where they are.
 */
public record Commit(long version, List<Segment> adds, List<String> removes, Map<String, String> places, Long schemaVersion,
                     boolean retired, long committedAt, Long requires, Boolean requiresRows) {

    public Commit {
        adds = List.copyOf(adds);
        removes = List.copyOf(removes);
        places = Map.copyOf(places);
    }

    /** A commit of segments that stands wherever it is, as every commit did before versions were claimed. */
    public static Commit data(long version, List<Segment> adds, List<String> removes) {
        return new Commit(version, adds, removes, Map.of(), null, false, 0, null, null);
    }

    /** A fence to {@code schemaVersion} that stands only where the table has rows exactly when {@code requiresRows}. */
    public static Commit fence(long version, long schemaVersion, boolean requiresRows) {
        return new Commit(version, List.of(), List.of(), Map.of(), schemaVersion, false, 0, null, requiresRows);
    }

    /** A commit of segments that takes effect only where the table's schema is {@code requires}. */
    public static Commit requiring(long version, long requires, List<Segment> adds, List<String> removes) {
        return new Commit(version, adds, removes, Map.of(), null, false, 0, requires, null);
    }
}
