package dev.aitoingest.storage;

/** How a commit gets the version it is written at in the table's log. */
public enum VersionAllocation {
    /**
     * One atomic counter increment per commit: writers never race for a version, so contention
     * costs nothing. A version whose writer dies before writing it is sealed by a reader after the
     * hole timeout.
     */
    COUNTER,
    /**
     * The next version after the writer's read, taken by conditional put; a writer that loses
     * re-reads and tries again. Kept to measure the counter against: the retries grow with the
     * square of the writers.
     */
    RACE
}
