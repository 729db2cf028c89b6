package dev.aitoingest.auth;

/**
 * Where the two Aito keys come from: the configuration (local run, tests) or a secret store (on
 * AWS). {@link RefreshingApiKeys} asks it again every few minutes, so a rotated key is picked up
 * without a redeploy.
 */
@FunctionalInterface
public interface KeySource {

    /** The keys as they are now; throws when the source cannot be read. */
    ApiKeys fetch();

    /** Keys given in the configuration: fixed for the life of the process. */
    static KeySource configured(String readKey, String writeKey) {
        ApiKeys keys = new ApiKeys(readKey, writeKey);
        return () -> keys;
    }
}
