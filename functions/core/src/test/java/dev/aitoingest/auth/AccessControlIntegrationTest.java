package dev.aitoingest.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aitoingest.Json;
import dev.aitoingest.ServiceException;
import dev.aitoingest.testing.SettableClock;
import dev.aitoingest.testing.TestStorage;
import dev.aitoingest.wiring.StorageProvisioner;
import java.time.Duration;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Scoped keys against real DynamoDB (dynalite): what they may do, expiry, revocation, and how they are stored. */
class AccessControlIntegrationTest {

    private final SettableClock clock = new SettableClock();
    private TestStorage storage;
    private String keyTable;
    private AccessControl access;

    @BeforeEach
    void setUp() {
        storage = TestStorage.fresh();
        keyTable = "keys-" + UUID.randomUUID().toString().substring(0, 8);
        StorageProvisioner.ensureKeyTable(storage.dynamo, keyTable);
        access = accessControl();
    }

    private AccessControl accessControl() {
        return new AccessControl(new RefreshingApiKeys(KeySource.configured("the-read-key", "the-write-key"), Duration.ofMinutes(5), clock),
                new ScopedKeyStore(storage.dynamo, keyTable, clock), Duration.ofSeconds(30), clock);
    }

    private CreatedKey create(String json) throws Exception {
        return access.createKey(ScopedKeyRequest.fromJson(Json.MAPPER.readTree(json)));
    }

    @Test
    void aScopedKeyUploadsToItsTablesOnly() throws Exception {
        CreatedKey created = create("{\"tables\":[\"customers\",\"orders\"],\"expires\":\"2026-12-31T00:00:00Z\"}");
        Caller caller = access.identify(created.key());
        assertThat(caller).isEqualTo(new Caller.Scoped(created.scoped()));

        access.requireUpload(caller, "customers");
        access.requireUpload(caller, "orders");
        assertForbidden(() -> access.requireUpload(caller, "products"), "may only upload to the tables [customers, orders]");
        assertForbidden(() -> access.requireRead(caller), "cannot read");
        assertForbidden(() -> access.requireWrite(caller), "cannot read, change a schema");
    }

    @Test
    void aScopedKeySeesAndTriggersOnlyTheFileJobsItStarted() throws Exception {
        Caller caller = access.identify(create("{\"tables\":[\"customers\"],\"expires\":\"2026-12-31T00:00:00Z\"}").key());
        String own = UUID.randomUUID().toString();
        access.uploadStarted(caller, own);
        access.requireOwnUpload(caller, "customers", own, true);
        access.requireOwnUpload(caller, "customers", own, false);
        assertForbidden(() -> access.requireOwnUpload(caller, "customers", UUID.randomUUID().toString(), false), "only the file uploads it started");
        assertForbidden(() -> access.requireOwnUpload(caller, "orders", own, false), "may only upload");
        // the Aito keys as before: the read-only key sees any job, only the read-write key triggers
        access.requireOwnUpload(Caller.READ_ONLY, "customers", own, false);
        assertForbidden(() -> access.requireOwnUpload(Caller.READ_ONLY, "customers", own, true), "read-only");
        access.requireOwnUpload(Caller.READ_WRITE, "customers", own, true);
    }

    @Test
    void theAitoKeysWorkAsBefore() {
        assertThat(access.identify("the-read-key")).isEqualTo(Caller.READ_ONLY);
        assertThat(access.identify("the-write-key")).isEqualTo(Caller.READ_WRITE);
        access.requireRead(Caller.READ_ONLY);
        assertForbidden(() -> access.requireWrite(Caller.READ_ONLY), "needs the read-write API key");
        assertForbidden(() -> access.requireUpload(Caller.READ_ONLY, "customers"), "needs the read-write API key");
        access.requireWrite(Caller.READ_WRITE);
        access.requireUpload(Caller.READ_WRITE, "customers");
        for (String wrong : new String[] {null, "", "guess", "aitosk_", "aitosk_" + UUID.randomUUID() + "_00"}) {
            assertForbidden(() -> access.identify(wrong), "Forbidden");
        }
    }

    @Test
    void aKeyStopsWorkingWhenItExpires() throws Exception {
        CreatedKey created = create("{\"tables\":[\"customers\"],\"expires\":\"2026-12-01T11:00:00Z\"}");
        access.identify(created.key());
        clock.advance(Duration.ofMinutes(59));
        access.identify(created.key());
        clock.advance(Duration.ofMinutes(1));
        assertForbidden(() -> access.identify(created.key()), "expired at 2026-12-01T11:00:00Z");
    }

    @Test
    void aRevokedKeyStopsAtOnceHereAndWithinTheCacheTimeElsewhere() throws Exception {
        CreatedKey created = create("{\"tables\":[\"customers\"],\"expires\":\"2026-12-31T00:00:00Z\"}");
        AccessControl otherProcess = accessControl();
        otherProcess.identify(created.key());
        access.identify(created.key());

        assertThat(access.revoke(created.scoped().id()).revokedAt()).contains(clock.instant());
        assertForbidden(() -> access.identify(created.key()), "revoked");
        otherProcess.identify(created.key());
        clock.advance(Duration.ofSeconds(30));
        assertForbidden(() -> otherProcess.identify(created.key()), "revoked");

        assertThat(access.keys()).singleElement().satisfies(key -> assertThat(key.revokedAt()).isPresent());
        assertForbidden(() -> access.revoke(UUID.randomUUID().toString()), null);
    }

    @Test
    void theTableHoldsNoKeyInClear() throws Exception {
        CreatedKey created = create("{\"tables\":[\"customers\"],\"expires\":\"2026-12-31T00:00:00Z\"}");
        String secret = created.key().substring(created.key().lastIndexOf('_') + 1);
        assertThat(secret).hasSize(64);
        String everything = storage.dynamo.scan(b -> b.tableName(keyTable)).items().toString();
        assertThat(everything).contains(created.scoped().id()).doesNotContain(secret).doesNotContain(created.key());
        assertThat(access.keys()).containsExactly(created.scoped());
    }

    @Test
    void aRequestForAKeyNamesWhatIsWrong() {
        assertBadRequest("[]", "Expected a JSON object");
        assertBadRequest("{\"tables\":[],\"expires\":\"2026-12-31T00:00:00Z\"}", "'tables' must be an array");
        assertBadRequest("{\"tables\":[\"a/b\"],\"expires\":\"2026-12-31T00:00:00Z\"}", "a/b");
        assertBadRequest("{\"tables\":[\"customers\"],\"expires\":\"tomorrow\"}", "got \"tomorrow\"");
        assertBadRequest("{\"tables\":[\"customers\"],\"expires\":\"2026-12-01T09:00:00Z\"}", "must be in the future");
    }

    private void assertBadRequest(String json, String message) {
        assertThatThrownBy(() -> create(json)).isInstanceOfSatisfying(ServiceException.class,
                e -> assertThat(e.kind()).isEqualTo(ServiceException.Kind.BAD_REQUEST)).hasMessageContaining(message);
    }

    private static void assertForbidden(ThrowingCallable call, String message) {
        var thrown = assertThatThrownBy(call).isInstanceOf(ServiceException.class);
        if (message == null) {
            thrown.satisfies(e -> assertThat(((ServiceException) e).kind()).isEqualTo(ServiceException.Kind.NOT_FOUND));
        } else {
            thrown.satisfies(e -> assertThat(((ServiceException) e).kind()).isEqualTo(ServiceException.Kind.FORBIDDEN))
                    .hasMessageContaining(message);
        }
    }

}
