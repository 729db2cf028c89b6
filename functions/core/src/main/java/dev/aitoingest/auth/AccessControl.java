package dev.aitoingest.auth;

import dev.aitoingest.ServiceException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who may do what. The two Aito keys as Aito has them (the read-only key reads, the read-write key
 * does everything); a scoped key only uploads to its tables (a row, a batch, a stream, a file and
 * that file's trigger and status) until it expires or is revoked. Any other key, or none, is
 * refused. A scoped key found in the table is remembered for {@code lookupCacheTime}: a key revoked
 * in another process stops working within that time, in this one at once; expiry is checked on
 * every request.
 */
public final class AccessControl {

    private static final String FORBIDDEN = "Forbidden";
    /** A flood of different valid keys cannot grow the remembered ones past this. */
    private static final int MAX_REMEMBERED = 10_000;

    private final RefreshingApiKeys aitoKeys;
    private final ScopedKeyStore scopedKeys;
    private final Duration lookupCacheTime;
    private final Clock clock;
    private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();

    private record Remembered(ScopedKey key, Instant foundAt) {
    }

    public AccessControl(RefreshingApiKeys aitoKeys, ScopedKeyStore scopedKeys, Duration lookupCacheTime, Clock clock) {
        this.aitoKeys = aitoKeys;
        this.scopedKeys = scopedKeys;
        this.lookupCacheTime = lookupCacheTime;
        this.clock = clock;
    }

    /** The caller a presented key stands for; a missing, unknown, expired or revoked key is a 403. */
    public Caller identify(String presented) {
        Optional<Caller> aito = aitoKeys.current().callerOf(presented);
        if (aito.isPresent()) {
            return aito.get();
        }
        if (ScopedKeyStore.idOf(presented).isEmpty()) {
            throw ServiceException.forbidden(FORBIDDEN);
        }
        Instant now = clock.instant();
        String hash = ScopedKeyStore.hash(presented);
        Remembered known = remembered.get(hash);
        if (known == null || Duration.between(known.foundAt(), now).compareTo(lookupCacheTime) >= 0) {
            Optional<ScopedKey> found = scopedKeys.find(presented);
            if (found.isEmpty()) {
                remembered.remove(hash);
                throw ServiceException.forbidden(FORBIDDEN);
            }
            if (remembered.size() >= MAX_REMEMBERED) {
                remembered.clear();
            }
            known = new Remembered(found.get(), now);
            remembered.put(hash, known);
        }
        if (!known.key().usableAt(now)) {
            throw ServiceException.forbidden(known.key().revokedAt().isPresent() ? "Forbidden: this key was revoked"
                    : "Forbidden: this key expired at " + known.key().expires());
        }
        return new Caller.Scoped(known.key());
    }

    /** Reads: schema, search and query, jobs. */
    public void requireRead(Caller caller) {
        if (caller instanceof Caller.Scoped scoped) {
            throw uploadOnly(scoped.key());
        }
    }

    /** Anything that changes data or keys, other than an upload. */
    public void requireWrite(Caller caller) {
        if (caller instanceof Caller.Scoped scoped) {
            throw uploadOnly(scoped.key());
        }
        if (caller instanceof Caller.AitoKey aito && !aito.mayWrite()) {
            throw readOnly();
        }
    }

    /** An upload of rows or a file to {@code table}. */
    public void requireUpload(Caller caller, String table) {
        if (caller instanceof Caller.Scoped scoped) {
            if (!scoped.key().tables().contains(table)) {
                throw uploadOnly(scoped.key());
            }
            return;
        }
        requireWrite(caller);
    }

    /** The trigger or the status of a file job: a scoped key only for the jobs it started. */
    public void requireOwnUpload(Caller caller, String table, String jobId, boolean changes) {
        if (caller instanceof Caller.Scoped scoped) {
            requireUpload(caller, table);
            if (!scopedKeys.startedUpload(scoped.key(), jobId)) {
                throw ServiceException.forbidden("Forbidden: this key may see and trigger only the file uploads it started");
            }
            return;
        }
        if (changes) {
            requireWrite(caller);
        }
    }

    /** A file job was started: its scoped key, if any, may trigger it and see its status. */
    public void uploadStarted(Caller caller, String jobId) {
        if (caller instanceof Caller.Scoped scoped) {
            scopedKeys.recordUpload(scoped.key(), jobId);
        }
    }

    public CreatedKey createKey(ScopedKeyRequest request) {
        return scopedKeys.create(request);
    }

    public List<ScopedKey> keys() {
        return scopedKeys.list();
    }

    /** Revokes a key; this process forgets it at once. */
    public ScopedKey revoke(String id) {
        ScopedKey revoked = scopedKeys.revoke(id);
        remembered.values().removeIf(known -> known.key().id().equals(id));
        return revoked;
    }

    private static ServiceException readOnly() {
        return ServiceException.forbidden("Forbidden: this call changes data and needs the read-write API key; the key given is read-only");
    }

    private static ServiceException uploadOnly(ScopedKey key) {
        return ServiceException.forbidden("Forbidden: this key may only upload to the tables " + key.tables()
                + "; it cannot read, change a schema or write elsewhere");
    }
}
