package dev.aitoingest.auth;

import dev.aitoingest.ServiceException;
import dev.aitoingest.storage.TableKeys;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Scoped keys in their DynamoDB table, stored by the SHA-256 of the key, never the key. A key is
 * {@code aitosk_<id>_<secret>}: the id finds its item, the hash of the whole key proves it; the
 * secret is 256 random bits, so a plain hash needs no salt or stretching. The same table records
 * which file jobs each key started, so a key sees the status of its own uploads only.
 */
public final class ScopedKeyStore {

    public static final String SCOPE = "scope";
    public static final String ID = "id";
    /** The items' TTL attribute: an item goes a while after its key expired, kept meanwhile for the listing. */
    public static final String EXPIRES_AT = "expiresAt";
    public static final TableKeys KEYS = new TableKeys(SCOPE, ID, ScalarAttributeType.S);

    static final String PREFIX = "aitosk_";
    private static final String KEY_SCOPE = "key";
    private static final String UPLOADS_SCOPE = "uploads:";
    private static final Duration KEPT_AFTER_EXPIRY = Duration.ofDays(30);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public ScopedKeyStore(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    public CreatedKey create(ScopedKeyRequest request) {
        Instant now = clock.instant();
        if (!request.expires().isAfter(now)) {
            throw ServiceException.badRequest("'expires' must be in the future, got " + request.expires());
        }
        String id = UUID.randomUUID().toString();
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String key = PREFIX + id + "_" + HexFormat.of().formatHex(secret);
        ScopedKey scoped = new ScopedKey(id, request.tables(), request.expires(), now, Optional.empty());
        dynamo.putItem(b -> b.tableName(table).conditionExpression("attribute_not_exists(#id)")
                .expressionAttributeNames(Map.of("#id", ID))
                .item(Map.of(SCOPE, s(KEY_SCOPE), ID, s(id), "keyHash", s(hash(key)), "tables", AttributeValue.fromSs(List.copyOf(request.tables())),
                        "expires", s(request.expires().toString()), "createdAt", s(now.toString()),
                        EXPIRES_AT, n(request.expires().plus(KEPT_AFTER_EXPIRY).getEpochSecond()))));
        return new CreatedKey(scoped, key);
    }

    /** The stored key a presented key proves, usable or not; empty when it is not a scoped key or not one of ours. */
    public Optional<ScopedKey> find(String presented) {
        Optional<String> id = idOf(presented);
        if (id.isEmpty()) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of(SCOPE, s(KEY_SCOPE), ID, s(id.get())))).item();
        if (item == null || item.isEmpty()
                || !MessageDigest.isEqual(hash(presented).getBytes(StandardCharsets.US_ASCII),
                item.get("keyHash").s().getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        return Optional.of(scopedKey(item));
    }

    /** Every scoped key, oldest first, expired and revoked ones included until their items expire. */
    public List<ScopedKey> list() {
        List<ScopedKey> keys = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamo.query(b -> b.tableName(table).keyConditionExpression("#scope = :scope")
                    .expressionAttributeNames(Map.of("#scope", SCOPE)).expressionAttributeValues(Map.of(":scope", s(KEY_SCOPE)))
                    .exclusiveStartKey(from));
            page.items().forEach(item -> keys.add(scopedKey(item)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        keys.sort(Comparator.comparing(ScopedKey::createdAt).thenComparing(ScopedKey::id));
        return keys;
    }

    /** Revokes a key for good (revoking twice changes nothing); an unknown id is a 404. */
    public ScopedKey revoke(String id) {
        try {
            Map<String, AttributeValue> item = dynamo.updateItem(b -> b.tableName(table).key(Map.of(SCOPE, s(KEY_SCOPE), ID, s(id)))
                    .conditionExpression("attribute_exists(#id)").updateExpression("SET revokedAt = if_not_exists(revokedAt, :now)")
                    .expressionAttributeNames(Map.of("#id", ID)).expressionAttributeValues(Map.of(":now", s(clock.instant().toString())))
                    .returnValues(ReturnValue.ALL_NEW)).attributes();
            return scopedKey(item);
        } catch (ConditionalCheckFailedException unknown) {
            throw ServiceException.notFound("No such key: " + id);
        }
    }

    /** Records that a key started this file job. */
    public void recordUpload(ScopedKey key, String jobId) {
        dynamo.putItem(b -> b.tableName(table).item(Map.of(SCOPE, s(UPLOADS_SCOPE + key.id()), ID, s(jobId),
                EXPIRES_AT, n(key.expires().plus(KEPT_AFTER_EXPIRY).getEpochSecond()))));
    }

    public boolean startedUpload(ScopedKey key, String jobId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of(SCOPE, s(UPLOADS_SCOPE + key.id()), ID, s(jobId)))).item();
        return item != null && !item.isEmpty();
    }

    /** The id part of a presented scoped key, if it has the shape of one. */
    static Optional<String> idOf(String presented) {
        if (presented == null || !presented.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String[] parts = presented.substring(PREFIX.length()).split("_", -1);
        if (parts.length != 2) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(parts[0]).toString()).filter(parts[0]::equals);
        } catch (IllegalArgumentException notAnId) {
            return Optional.empty();
        }
    }

    static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static ScopedKey scopedKey(Map<String, AttributeValue> item) {
        SortedSet<String> tables = new TreeSet<>(item.get("tables").ss());
        AttributeValue revoked = item.get("revokedAt");
        return new ScopedKey(item.get(ID).s(), tables, Instant.parse(item.get("expires").s()), Instant.parse(item.get("createdAt").s()),
                revoked == null ? Optional.empty() : Optional.of(Instant.parse(revoked.s())));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
