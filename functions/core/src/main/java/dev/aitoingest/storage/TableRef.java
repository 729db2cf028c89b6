package dev.aitoingest.storage;

/**
 * One generation of one table. Replacing a table starts a new generation, with a commit log and
 * a data prefix of its own, so the old generation's segments can never leak into the new one.
 */
public record TableRef(String table, String generation) {

    /** The partition key of this generation's commits. Table names never contain '/'. */
    public String logId() {
        return table + "/" + generation;
    }

    public String dataPrefix() {
        return "tables/" + table + "/" + generation + "/";
    }

    public String segmentKey(String segmentId) {
        return dataPrefix() + segmentId + ".ndjson.zst";
    }
}
