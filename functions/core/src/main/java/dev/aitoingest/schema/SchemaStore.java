package dev.aitoingest.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aitoingest.storage.TableKeys;
import dev.aitoingest.Json;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * The whole database schema as one DynamoDB item, replaced by a conditional put on its version:
 * a schema change is atomic across tables (links stay consistent) and two concurrent changes
 * cannot overwrite each other.
 */
public final class SchemaStore {

    public static final String ID = "id";
    public static final TableKeys KEYS = TableKeys.partitionOnly(ID);
    private static final String ITEM_ID = "schema";
    private static final String VERSION = "version";
    private static final String TABLES = "tables";
    private static final String WRITE_ID = "writeId";

    private final DynamoDbClient dynamo;
    private final String tableName;

    public SchemaStore(DynamoDbClient dynamo, String tableName) {
        this.dynamo = dynamo;
        this.tableName = tableName;
    }

    public SchemaCatalog read() {
        GetItemResponse response = dynamo.getItem(b -> b.tableName(tableName)
                .key(Map.of(ID, AttributeValue.fromS(ITEM_ID))).consistentRead(true));
        if (!response.hasItem() || response.item().isEmpty()) {
            return new SchemaCatalog(0, new TreeMap<>());
        }
        Map<String, AttributeValue> item = response.item();
        return new SchemaCatalog(Long.parseLong(item.get(VERSION).n()), decode(item.get(TABLES).s()));
    }

    /**
     * Writes the catalog as version {@code read.version() + 1}; false when someone else got there
     * first. A write whose answer was lost and that the SDK retried finds its own change there and
     * counts as done, so a change is never applied twice.
     */
    public boolean replace(SchemaCatalog read, SortedMap<String, StoredTable> tables) {
        long next = read.version() + 1;
        String writeId = UUID.randomUUID().toString();
        Map<String, AttributeValue> item = Map.of(
                ID, AttributeValue.fromS(ITEM_ID),
                VERSION, AttributeValue.fromN(Long.toString(next)),
                WRITE_ID, AttributeValue.fromS(writeId),
                TABLES, AttributeValue.fromS(encode(tables)));
        try {
            if (read.version() == 0) {
                dynamo.putItem(b -> b.tableName(tableName).item(item).conditionExpression("attribute_not_exists(#id)")
                        .expressionAttributeNames(Map.of("#id", ID)));
            } else {
                dynamo.putItem(b -> b.tableName(tableName).item(item).conditionExpression("#v = :v")
                        .expressionAttributeNames(Map.of("#v", VERSION))
                        .expressionAttributeValues(Map.of(":v", AttributeValue.fromN(Long.toString(read.version())))));
            }
            return true;
        } catch (ConditionalCheckFailedException lost) {
            Map<String, AttributeValue> there = dynamo.getItem(b -> b.tableName(tableName)
                    .key(Map.of(ID, AttributeValue.fromS(ITEM_ID))).consistentRead(true)).item();
            return there != null && item.get(WRITE_ID).equals(there.get(WRITE_ID));
        }
    }

    static String encode(SortedMap<String, StoredTable> tables) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        tables.forEach((name, table) -> {
            ObjectNode node = root.putObject(name);
            node.put("generation", table.generation());
            node.put("schemaVersion", table.schemaVersion());
            node.set("schema", SchemaJson.writeTable(table.schema()));
            ObjectNode fills = node.putObject("columnFills");
            table.fills().forEach((column, fill) -> fills.putObject(column).put("since", fill.since()).set("value", fill.value()));
            ArrayNode dropped = node.putArray("dropped");
            table.dropped().forEach(dropped::add);
        });
        try {
            return Json.MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SortedMap<String, StoredTable> decode(String json) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        SortedMap<String, StoredTable> tables = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode node = entry.getValue();
            SortedMap<String, StoredTable.Fill> fills = new TreeMap<>();
            node.path("columnFills").fields().forEachRemaining(f -> fills.put(f.getKey(),
                    new StoredTable.Fill(f.getValue().get("value"), f.getValue().path("since").asLong())));
            // written before fills carried their schema version: they apply to every row stored so far
            node.path("fills").fields().forEachRemaining(f -> fills.put(f.getKey(), new StoredTable.Fill(f.getValue(), 1)));
            long schemaVersion = Math.max(node.path("schemaVersion").asLong(), node.has("fills") && !fills.isEmpty() ? 1 : 0);
            Set<String> dropped = new HashSet<>();
            node.path("dropped").forEach(d -> dropped.add(d.asText()));
            tables.put(entry.getKey(), new StoredTable(node.get("generation").asText(), schemaVersion,
                    SchemaJson.readTable(entry.getKey(), node.get("schema")), fills, dropped));
        }
        return tables;
    }
}
