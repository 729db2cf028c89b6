package dev.aitoingest.auth;

import java.time.Instant;
import java.util.Collections;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/** A write-only key as stored: never the key itself, only what it may do and until when. */
public record ScopedKey(String id, SortedSet<String> tables, Instant expires, Instant createdAt, Optional<Instant> revokedAt) {

    public ScopedKey {
        tables = Collections.unmodifiableSortedSet(new TreeSet<>(tables));
    }

    public boolean usableAt(Instant now) {
        return revokedAt.isEmpty() && now.isBefore(expires);
    }
}
