package dev.aitoingest.auth;

/** Who a request's key says it comes from: an Aito client with one of the two keys, or a scoped key. */
public sealed interface Caller {

    Caller READ_ONLY = new AitoKey(false);
    Caller READ_WRITE = new AitoKey(true);

    /** One of the two Aito keys. */
    record AitoKey(boolean mayWrite) implements Caller {
    }

    /** A key that may only upload to its tables until it expires. */
    record Scoped(ScopedKey key) implements Caller {
    }
}
