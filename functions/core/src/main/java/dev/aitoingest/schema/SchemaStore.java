package dev.aitoingest.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aitoingest.Json;
import dev.aitoingest.ServiceException;
import dev.aitoingest.storage.TableKeys;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The database schema in DynamoDB, single-item conditional writes only, sized for thousands of
 * tables: each table's schema is an immutable item of its own ({@code table#<name>#<random>}), and
 * a small catalog item maps every table to its current item. A schema change writes the items of
 * the tables it changes, then replaces the catalog item by a conditional put on its version, so a
 * change is atomic across tables (links stay consistent) and two concurrent changes cannot
 * overwrite each other. Each function keeps what it read: a request costs one small consistent
 * read of the catalog item, and table items are fetched only when they change.
 */
public final class SchemaStore {

    public static final String ID = "id";
    public static final TableKeys KEYS = TableKeys.partitionOnly(ID);
    private static final String CATALOG_ID = "catalog";
    /** The whole schema as one item, as it was stored before table items: read when no catalog item exists yet. */
    private static final String LEGACY_ID = "schema";
    private static final String TABLE_PREFIX = "table#";
    private static final String VERSION = "version";
    private static final String TABLES = "tables";
    private static final String SCHEMA = "schema";
    private static final String WRITE_ID = "writeId";
    /** Room left under DynamoDB's 400 KB item limit for keys and attribute names. */
    static final int MAX_ITEM_BYTES = 350_000;
    private static final int BATCH_READ = 100;
    private static final int BATCH_WRITE = 25;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What this process last read: the catalog at one version, and the table item keys it points to. */
    private record Snapshot(SchemaCatalog catalog, Map<String, String> itemKeys) {
    }

    private final DynamoDbClient dynamo;
    private final String tableName;
    private final Map<String, StoredTable> items = new ConcurrentHashMap<>();
    private volatile Snapshot last = new Snapshot(new SchemaCatalog(0, new TreeMap<>()), Map.of());
    /** When {@link #last} was last known to be the stored catalog ({@link System#nanoTime}); long ago at first. */
    private volatile long checkedAt = System.nanoTime() - Duration.ofDays(1).toNanos();

    public SchemaStore(DynamoDbClient dynamo, String tableName) {
        this.dynamo = dynamo;
        this.tableName = tableName;
    }

    public SchemaCatalog read() {
        return snapshot().catalog();
    }

    /**
     * The catalog as this process last read it, when that was less than {@code maxAge} ago; else
     * read now. For uploads only: their commits are refused by the table's log if the schema they
     * were validated against has changed since.
     */
    public SchemaCatalog recent(Duration maxAge) {
        return System.nanoTime() - checkedAt < maxAge.toNanos() ? last.catalog() : read();
    }

    private Snapshot snapshot() {
        for (int attempt = 0; attempt < 5; attempt++) {
            long asked = System.nanoTime();
            Map<String, AttributeValue> catalog = get(CATALOG_ID);
            if (catalog == null) {
                return legacy();
            }
            long version = Long.parseLong(catalog.get(VERSION).n());
            Snapshot known = last;
            if (known.catalog().version() == version) {
                checkedAt = asked;
                return known;
            }
            Map<String, String> keys = pointers(catalog.get(TABLES).b().asByteArray());
            if (fetchMissing(keys.values())) {
                SortedMap<String, StoredTable> tables = new TreeMap<>();
                keys.forEach((name, key) -> tables.put(name, items.get(key)));
                Snapshot fresh = new Snapshot(new SchemaCatalog(version, tables), keys);
                items.keySet().retainAll(keys.values());
                last = fresh;
                checkedAt = asked;
                return fresh;
            }
            // an item of that catalog was already replaced and removed: a newer catalog is there
        }
        throw ServiceException.conflict("The schema is being changed by other requests; try again");
    }

    /**
     * Writes the catalog as version {@code read.version() + 1}; false when someone else got there
     * first. A write whose answer was lost and that the SDK retried finds its own change there and
     * counts as done, so a change is never applied twice.
     */
    public boolean replace(SchemaCatalog read, SortedMap<String, StoredTable> tables) {
        Snapshot base = last.catalog().version() == read.version() ? last : new Snapshot(read, Map.of());
        Map<String, String> keys = new TreeMap<>();
        Map<String, String> written = new HashMap<>();
        tables.forEach((name, table) -> {
            String key = base.itemKeys().get(name);
            if (key == null || !table.equals(read.tables().get(name))) {
                key = TABLE_PREFIX + name + "#" + randomId();
                written.put(key, requireStorable(name, table));
                items.put(key, table);
            }
            keys.put(name, key);
        });
        writeItems(written);
        String writeId = randomId();
        byte[] pointers = pointerBytes(keys);
        Map<String, AttributeValue> item = Map.of(ID, AttributeValue.fromS(CATALOG_ID),
                VERSION, AttributeValue.fromN(Long.toString(read.version() + 1)),
                WRITE_ID, AttributeValue.fromS(writeId),
                TABLES, AttributeValue.fromB(SdkBytes.fromByteArray(pointers)));
        boolean landed;
        try {
            if (read.version() == 0 || base.itemKeys().isEmpty() && get(CATALOG_ID) == null) {
                dynamo.putItem(b -> b.tableName(tableName).item(item).conditionExpression("attribute_not_exists(#id)")
                        .expressionAttributeNames(Map.of("#id", ID)));
            } else {
                dynamo.putItem(b -> b.tableName(tableName).item(item).conditionExpression("#v = :v")
                        .expressionAttributeNames(Map.of("#v", VERSION))
                        .expressionAttributeValues(Map.of(":v", AttributeValue.fromN(Long.toString(read.version())))));
            }
            landed = true;
        } catch (ConditionalCheckFailedException lost) {
            Map<String, AttributeValue> there = get(CATALOG_ID);
            landed = there != null && item.get(WRITE_ID).equals(there.get(WRITE_ID));
        }
        Set<String> garbage = new HashSet<>(landed ? base.itemKeys().values() : written.keySet());
        garbage.removeAll(landed ? keys.values() : Set.of());
        deleteItems(garbage);
        return landed;
    }

    private Map<String, AttributeValue> get(String id) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(tableName)
                .key(Map.of(ID, AttributeValue.fromS(id))).consistentRead(true)).item();
        return item == null || item.isEmpty() ? null : item;
    }

    /** The table items this process has not read yet, in batches; false when one of them is gone. */
    private boolean fetchMissing(Collection<String> keys) {
        List<String> missing = keys.stream().filter(key -> !items.containsKey(key)).toList();
        for (int from = 0; from < missing.size(); from += BATCH_READ) {
            List<Map<String, AttributeValue>> batch = missing.subList(from, Math.min(missing.size(), from + BATCH_READ)).stream()
                    .map(key -> Map.of(ID, AttributeValue.fromS(key))).toList();
            Map<String, KeysAndAttributes> request = Map.of(tableName, KeysAndAttributes.builder().keys(batch).consistentRead(true).build());
            while (!request.isEmpty()) {
                Map<String, KeysAndAttributes> asked = request;
                BatchGetItemResponse response = dynamo.batchGetItem(b -> b.requestItems(asked));
                for (Map<String, AttributeValue> item : response.responses().getOrDefault(tableName, List.of())) {
                    String key = item.get(ID).s();
                    String name = key.substring(TABLE_PREFIX.length(), key.lastIndexOf('#'));
                    items.put(key, decodeTable(name, parse(item.get(SCHEMA).s())));
                }
                request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
            }
        }
        return missing.stream().allMatch(items::containsKey);
    }

    private void writeItems(Map<String, String> written) {
        List<WriteRequest> puts = new ArrayList<>();
        written.forEach((key, body) -> puts.add(WriteRequest.builder().putRequest(p -> p.item(Map.of(
                ID, AttributeValue.fromS(key), SCHEMA, AttributeValue.fromS(body)))).build()));
        batchWrite(puts);
    }

    /** Items nobody points to any more, best effort: one left behind costs storage, never correctness. */
    private void deleteItems(Set<String> keys) {
        List<WriteRequest> deletes = new ArrayList<>();
        keys.forEach(key -> deletes.add(WriteRequest.builder().deleteRequest(d -> d.key(Map.of(ID, AttributeValue.fromS(key)))).build()));
        batchWrite(deletes);
    }

    private void batchWrite(List<WriteRequest> requests) {
        for (int from = 0; from < requests.size(); from += BATCH_WRITE) {
            Map<String, List<WriteRequest>> batch = Map.of(tableName, requests.subList(from, Math.min(requests.size(), from + BATCH_WRITE)));
            while (!batch.isEmpty()) {
                Map<String, List<WriteRequest>> asked = batch;
                BatchWriteItemResponse response = dynamo.batchWriteItem(b -> b.requestItems(asked));
                batch = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
            }
        }
    }

    private Snapshot legacy() {
        Map<String, AttributeValue> item = get(LEGACY_ID);
        if (item == null) {
            return new Snapshot(new SchemaCatalog(0, new TreeMap<>()), Map.of());
        }
        SortedMap<String, StoredTable> tables = new TreeMap<>();
        parse(item.get(TABLES).s()).fields().forEachRemaining(entry -> tables.put(entry.getKey(), decodeTable(entry.getKey(), entry.getValue())));
        return new Snapshot(new SchemaCatalog(Long.parseLong(item.get(VERSION).n()), tables), Map.of());
    }

    /** The table's item body, or a 413 when it would not fit in an item. */
    static String requireStorable(String table, StoredTable stored) {
        String body = encodeTable(stored);
        int bytes = body.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_ITEM_BYTES) {
            throw ServiceException.payloadTooLarge(String.format("The schema of table '%s' would take %,d bytes, more than the "
                    + "%,d a table's schema may take (its columns, analyzers and the \"value\" of added columns)", table, bytes, MAX_ITEM_BYTES));
        }
        return body;
    }

    private static byte[] pointerBytes(Map<String, String> keys) {
        ObjectNode map = Json.MAPPER.createObjectNode();
        keys.forEach(map::put);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            Json.MAPPER.writeValue(out, map);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (bytes.size() > MAX_ITEM_BYTES) {
            throw ServiceException.payloadTooLarge(String.format("A database of %,d tables is more than the schema can hold; "
                    + "use fewer tables or shorter table names", keys.size()));
        }
        return bytes.toByteArray();
    }

    private static Map<String, String> pointers(byte[] gzipped) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            Map<String, String> keys = new TreeMap<>();
            Json.MAPPER.readTree(in).fields().forEachRemaining(entry -> keys.put(entry.getKey(), entry.getValue().asText()));
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String randomId() {
        byte[] id = new byte[12];
        RANDOM.nextBytes(id);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(id);
    }

    /** One table's item body: its generation, schema version, schema, fills and dropped columns. */
    static String encodeTable(StoredTable table) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("generation", table.generation());
        node.put("schemaVersion", table.schemaVersion());
        node.set("schema", SchemaJson.writeTable(table.schema()));
        ObjectNode fills = node.putObject("columnFills");
        table.fills().forEach((column, fill) -> fills.putObject(column).put("since", fill.since()).set("value", fill.value()));
        ArrayNode dropped = node.putArray("dropped");
        table.dropped().forEach(dropped::add);
        try {
            return Json.MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static StoredTable decodeTable(String name, JsonNode node) {
        SortedMap<String, StoredTable.Fill> fills = new TreeMap<>();
        node.path("columnFills").fields().forEachRemaining(f -> fills.put(f.getKey(),
                new StoredTable.Fill(f.getValue().get("value"), f.getValue().path("since").asLong())));
        // written before fills carried their schema version: they apply to every row stored so far
        node.path("fills").fields().forEachRemaining(f -> fills.put(f.getKey(), new StoredTable.Fill(f.getValue(), 1)));
        long schemaVersion = Math.max(node.path("schemaVersion").asLong(), node.has("fills") && !fills.isEmpty() ? 1 : 0);
        Set<String> dropped = new HashSet<>();
        node.path("dropped").forEach(d -> dropped.add(d.asText()));
        return new StoredTable(node.get("generation").asText(), schemaVersion, SchemaJson.readTable(name, node.get("schema")), fills, dropped);
    }

    private static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
