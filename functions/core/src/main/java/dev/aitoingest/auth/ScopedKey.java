package dev.aitoingest.auth;

import java.time.Instant;
import java.util.Optional;
import java.util.SortedSet;

/** A write-only key as stored: never the key itself, only what it may do and until when. */
public record ScopedKey(String id, SortedSet<String> tables, Instant expires, Instant createdAt, Optional<Instant> revokedAt) {

    public ScopedKey {
        tables = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(tables));
    }

    public boolean usableAt(Instant now) {
        return revokedAt.isEmpty() && now.isBefore(expires);
    }
}
