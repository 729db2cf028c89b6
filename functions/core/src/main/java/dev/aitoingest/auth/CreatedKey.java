package dev.aitoingest.auth;

/** A scoped key just created: the only moment its plaintext {@code key} exists outside the client. */
public record CreatedKey(ScopedKey scoped, String key) {
}
