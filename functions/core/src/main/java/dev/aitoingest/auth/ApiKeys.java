package dev.aitoingest.auth;

import dev.aitoingest.ServiceException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The two API keys: the read-only key reads, the read-write key reads and writes. Keys are
 * compared in constant time so response timing does not leak them.
 */
public final class ApiKeys {

    private final byte[] readKey;
    private final byte[] writeKey;

    public ApiKeys(String readKey, String writeKey) {
        if (readKey == null || readKey.isBlank() || writeKey == null || writeKey.isBlank()) {
            throw new IllegalArgumentException("both API keys must be configured");
        }
        this.readKey = readKey.getBytes(StandardCharsets.UTF_8);
        this.writeKey = writeKey.getBytes(StandardCharsets.UTF_8);
    }

    /** Passes when {@code presented} may do the call; otherwise throws a 403. */
    public void check(String presented, boolean write) {
        if (presented == null) {
            throw ServiceException.forbidden("Forbidden");
        }
        byte[] key = presented.getBytes(StandardCharsets.UTF_8);
        if (MessageDigest.isEqual(key, writeKey)) {
            return;
        }
        if (MessageDigest.isEqual(key, readKey)) {
            if (write) {
                throw ServiceException.forbidden("Forbidden: this call changes data and needs the read-write API key; "
                        + "the key given is read-only");
            }
            return;
        }
        throw ServiceException.forbidden("Forbidden");
    }
}
