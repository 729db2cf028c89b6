package dev.aitoingest.storage;

/**
 * A commit that removes a segment another commit already removed: it was planned against a state
 * that no longer exists. A delete or an optimize plans again; anything else answers 409.
 */
public final class StaleRemovalException extends RuntimeException {

    StaleRemovalException(String table) {
        super("Table '" + table + "' was changed by another request; try again");
    }
}
