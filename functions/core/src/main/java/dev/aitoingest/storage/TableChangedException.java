package dev.aitoingest.storage;

/**
 * A commit refused because its table changed under it: the generation was retired (the table
 * replaced or dropped), or the schema its rows were validated against is no longer the table's.
 */
public final class TableChangedException extends RuntimeException {

    private final boolean retired;
    private final long schemaVersion;

    TableChangedException(String table, boolean retired, long schemaVersion) {
        super(retired ? "Table '" + table + "' was replaced or deleted while rows were being stored"
                : "The schema of table '" + table + "' changed while rows were being stored");
        this.retired = retired;
        this.schemaVersion = schemaVersion;
    }

    /** True when the table's generation ended: nothing more can be committed to it. */
    public boolean retired() {
        return retired;
    }

    /** The schema version the log holds now. */
    public long schemaVersion() {
        return schemaVersion;
    }
}
