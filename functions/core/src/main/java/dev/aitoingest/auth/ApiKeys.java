package dev.aitoingest.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The two Aito keys: the read-only key reads, the read-write key reads and writes. Keys are
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

    /** The caller a presented key stands for, when it is one of the two. */
    public Optional<Caller> callerOf(String presented) {
        if (presented == null) {
            return Optional.empty();
        }
        byte[] key = presented.getBytes(StandardCharsets.UTF_8);
        if (MessageDigest.isEqual(key, writeKey)) {
            return Optional.of(Caller.READ_WRITE);
        }
        if (MessageDigest.isEqual(key, readKey)) {
            return Optional.of(Caller.READ_ONLY);
        }
        return Optional.empty();
    }
}
