package dev.aitoingest.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.aitoingest.ServiceException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The commit log of every table generation, in DynamoDB, kept the way Delta Lake keeps a table on
 * object storage: numbered commits, each written once by a conditional put on its version. A
 * writer that loses the race for a version reads the newer commits and tries the next one, so
 * concurrent writers never lose a commit, with single-item writes only.
 */
public final class TableCommitLog {

    static final String LOG = "log";
    static final String VERSION = "version";
    public static final TableKeys KEYS = new TableKeys(LOG, VERSION, ScalarAttributeType.N);
    private static final String ADDS = "adds";
    private static final String REMOVES = "removes";
    private static final String COMMITTED_AT = "committedAt";
    private static final String SCHEMA_VERSION = "schemaVersion";
    private static final String RETIRED = "retired";
    /** In an added segment: the removed segment whose place in the order it takes. */
    private static final String PLACE = "replaces";
    /** A segment's column statistics: per column its null count and, when known, min and max (N or S). */
    private static final String STATS = "stats";
    private static final String NULLS = "nulls";
    private static final String MIN = "min";
    private static final String MAX = "max";
    /** Who wrote a commit: a put whose answer was lost and that the SDK retried finds its own item and is not done twice. */
    private static final String COMMIT_ID = "commitId";
    private static final int MAX_ATTEMPTS = 200;
    /** A reader that folds this many commits past the last checkpoint writes a new one. */
    static final int CHECKPOINT_INTERVAL = 100;
    /** Checkpoint versions are kept under the log id with this suffix, newest found by one query. */
    private static final String CHECKPOINTS = "#checkpoints";

    private final DynamoDbClient dynamo;
    private final String tableName;
    private final CheckpointStore checkpoints;
    private final Map<String, TableState> cache = new ConcurrentHashMap<>();

    public TableCommitLog(DynamoDbClient dynamo, String tableName, CheckpointStore checkpoints) {
        this.dynamo = dynamo;
        this.tableName = tableName;
        this.checkpoints = checkpoints;
    }

    /**
     * The current state: the cached fold (or, in a new process, the latest checkpoint) brought up to
     * date with the commits made since. Every {@link #CHECKPOINT_INTERVAL} commits the reader leaves
     * a checkpoint for the next new process.
     */
    public TableState read(TableRef ref) {
        TableState base = cache.get(ref.logId());
        if (base == null) {
            base = latestCheckpoint(ref);
        }
        TableState current = base.apply(commitsAfter(ref, base.version()));
        if (current.version() - current.checkpointVersion() >= CHECKPOINT_INTERVAL) {
            current = checkpoint(ref, current);
        }
        cache.merge(ref.logId(), current, (old, fresh) -> fresh.version() >= old.version() ? fresh : old);
        return current;
    }

    /** Leaves a checkpoint at the log's latest version now, whatever the interval: after a rewrite, a new reader folds nothing. */
    public void checkpoint(TableRef ref) {
        TableState state = read(ref);
        if (state.checkpointVersion() < state.version()) {
            TableState checkpointed = checkpoint(ref, state);
            cache.merge(ref.logId(), checkpointed, (old, fresh) -> fresh.version() >= old.version() ? fresh : old);
        }
    }

    /** Saves the state, then records its version: a reader never finds a version whose checkpoint is missing. */
    private TableState checkpoint(TableRef ref, TableState state) {
        checkpoints.save(ref, state);
        dynamo.putItem(b -> b.tableName(tableName).item(Map.of(LOG, s(ref.logId() + CHECKPOINTS), VERSION, n(state.version()))));
        return state.checkpointed();
    }

    private TableState latestCheckpoint(TableRef ref) {
        long version = newest(ref.logId() + CHECKPOINTS);
        return version == 0 ? TableState.empty() : checkpoints.load(ref, version);
    }

    /**
     * Appends one commit of rows validated against {@code schemaVersion} and returns its version.
     * Refused ({@link TableChangedException}) when the generation was retired or a schema change
     * came in between. Removing a segment that another writer already removed is a conflict: the
     * caller planned against a state that no longer exists ({@link StaleRemovalException}). An
     * added segment named in {@code places} takes the place of the removed segment it maps to.
     */
    public long commit(TableRef ref, long schemaVersion, List<Segment> adds, List<String> removes, Map<String, String> places) {
        String commitId = UUID.randomUUID().toString();
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            TableState state = read(ref);
            TableState.Fence fence = state.fence();
            if (fence.retired() || fence.schemaVersion() != schemaVersion) {
                throw new TableChangedException(ref.table(), fence.retired(), fence.schemaVersion());
            }
            for (String key : removes) {
                if (!state.isLive(key)) {
                    throw new StaleRemovalException(ref.table());
                }
            }
            Map<String, AttributeValue> item = item(ref, state.version() + 1, commitId);
            item.put(ADDS, AttributeValue.fromL(adds.stream().map(segment -> segment(segment, places.get(segment.key()))).toList()));
            if (!removes.isEmpty()) {
                item.put(REMOVES, AttributeValue.fromL(removes.stream().map(TableCommitLog::s).toList()));
            }
            if (put(item)) {
                return state.version() + 1;
            }
            backOff(attempt);
        }
        throw ServiceException.conflict("Table '" + ref.table() + "' is too busy to commit to; try again");
    }

    /**
     * Writes a schema fence right after {@code afterVersion}: from it on, commits must carry
     * {@code schemaVersion}. False when another commit took that place first (re-read and decide again).
     */
    public boolean fence(TableRef ref, long afterVersion, long schemaVersion) {
        Map<String, AttributeValue> item = item(ref, afterVersion + 1, UUID.randomUUID().toString());
        item.put(SCHEMA_VERSION, n(schemaVersion));
        return put(item);
    }

    /** Ends the generation: every later commit to it is refused. */
    public void retire(TableRef ref) {
        String commitId = UUID.randomUUID().toString();
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            TableState state = read(ref);
            if (state.fence().retired()) {
                return;
            }
            Map<String, AttributeValue> item = item(ref, state.version() + 1, commitId);
            item.put(RETIRED, AttributeValue.fromBool(true));
            if (put(item)) {
                return;
            }
            backOff(attempt);
        }
        throw ServiceException.conflict("Table '" + ref.table() + "' is too busy to retire; try again");
    }

    /** A conditional put of the next version; a put the SDK retried after it had in fact landed counts as landed. */
    private boolean put(Map<String, AttributeValue> item) {
        try {
            dynamo.putItem(b -> b.tableName(tableName).item(item)
                    .conditionExpression("attribute_not_exists(#v)")
                    .expressionAttributeNames(Map.of("#v", VERSION)));
            return true;
        } catch (ConditionalCheckFailedException lost) {
            Map<String, AttributeValue> there = dynamo.getItem(b -> b.tableName(tableName)
                    .key(Map.of(LOG, item.get(LOG), VERSION, item.get(VERSION))).consistentRead(true)).item();
            return there != null && item.get(COMMIT_ID).equals(there.get(COMMIT_ID));
        }
    }

    /** Forgets cached state, as a new process would. */
    public void clearCache() {
        cache.clear();
    }

    List<Commit> commitsAfter(TableRef ref, long version) {
        List<Commit> commits = new ArrayList<>();
        Map<String, AttributeValue> startKey = null;
        do {
            QueryRequest.Builder query = QueryRequest.builder().tableName(tableName)
                    .keyConditionExpression("#l = :l AND #v > :v")
                    .expressionAttributeNames(Map.of("#l", LOG, "#v", VERSION))
                    .expressionAttributeValues(Map.of(":l", s(ref.logId()), ":v", n(version)))
                    .consistentRead(true);
            if (startKey != null) {
                query.exclusiveStartKey(startKey);
            }
            QueryResponse page = dynamo.query(query.build());
            for (Map<String, AttributeValue> item : page.items()) {
                commits.add(commitOf(item));
            }
            startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (startKey != null);
        return commits;
    }

    long latestVersion(TableRef ref) {
        return newest(ref.logId());
    }

    /** The highest version under a partition of the log table, 0 when it is empty. */
    private long newest(String partition) {
        QueryResponse last = dynamo.query(b -> b.tableName(tableName)
                .keyConditionExpression("#l = :l")
                .expressionAttributeNames(Map.of("#l", LOG, "#v", VERSION))
                .expressionAttributeValues(Map.of(":l", s(partition)))
                .projectionExpression("#v")
                .scanIndexForward(false)
                .limit(1)
                .consistentRead(true));
        return last.items().isEmpty() ? 0 : Long.parseLong(last.items().get(0).get(VERSION).n());
    }

    private static Map<String, AttributeValue> item(TableRef ref, long version, String commitId) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(LOG, s(ref.logId()));
        item.put(VERSION, n(version));
        item.put(COMMITTED_AT, n(System.currentTimeMillis()));
        item.put(COMMIT_ID, s(commitId));
        return item;
    }

    private static AttributeValue segment(Segment segment, String place) {
        Map<String, AttributeValue> m = new HashMap<>(Map.of("key", s(segment.key()), "rows", n(segment.rows()),
                "bytes", n(segment.bytes()), SCHEMA_VERSION, n(segment.schemaVersion())));
        if (!segment.stats().columns().isEmpty()) {
            Map<String, AttributeValue> columns = new HashMap<>();
            segment.stats().columns().forEach((name, column) -> {
                Map<String, AttributeValue> c = new HashMap<>();
                c.put(NULLS, n(column.nulls()));
                if (column.min() != null) {
                    c.put(MIN, bound(column.min()));
                }
                if (column.max() != null) {
                    c.put(MAX, bound(column.max()));
                }
                columns.put(name, AttributeValue.fromM(c));
            });
            m.put(STATS, AttributeValue.fromM(columns));
        }
        if (place != null) {
            m.put(PLACE, s(place));
        }
        return AttributeValue.fromM(m);
    }

    private static AttributeValue bound(JsonNode value) {
        return value.isNumber() ? AttributeValue.fromN(value.decimalValue().toPlainString()) : s(value.textValue());
    }

    /** A commit made before segments carried statistics has none: its segments are never skipped. */
    private static SegmentStats stats(AttributeValue stats) {
        if (stats == null || !stats.hasM()) {
            return SegmentStats.NONE;
        }
        Map<String, SegmentStats.Column> columns = new HashMap<>();
        stats.m().forEach((name, c) -> columns.put(name, new SegmentStats.Column(Long.parseLong(c.m().get(NULLS).n()),
                bound(c.m().get(MIN)), bound(c.m().get(MAX)))));
        return new SegmentStats(columns);
    }

    private static JsonNode bound(AttributeValue value) {
        if (value == null) {
            return null;
        }
        return value.n() != null ? DecimalNode.valueOf(new BigDecimal(value.n())) : TextNode.valueOf(value.s());
    }

    private static Commit commitOf(Map<String, AttributeValue> item) {
        List<Segment> adds = new ArrayList<>();
        Map<String, String> places = new HashMap<>();
        AttributeValue added = item.get(ADDS);
        if (added != null && added.hasL()) {
            for (AttributeValue a : added.l()) {
                Map<String, AttributeValue> m = a.m();
                AttributeValue validated = m.get(SCHEMA_VERSION);
                adds.add(new Segment(m.get("key").s(), Long.parseLong(m.get("rows").n()), Long.parseLong(m.get("bytes").n()),
                        validated == null ? 0 : Long.parseLong(validated.n()), stats(m.get(STATS))));
                if (m.containsKey(PLACE)) {
                    places.put(m.get("key").s(), m.get(PLACE).s());
                }
            }
        }
        List<String> removes = new ArrayList<>();
        AttributeValue removed = item.get(REMOVES);
        if (removed != null && removed.hasL()) {
            for (AttributeValue r : removed.l()) {
                removes.add(r.s());
            }
        }
        AttributeValue schemaVersion = item.get(SCHEMA_VERSION);
        AttributeValue retired = item.get(RETIRED);
        AttributeValue committedAt = item.get(COMMITTED_AT);
        return new Commit(Long.parseLong(item.get(VERSION).n()), adds, removes, places,
                schemaVersion == null ? null : Long.parseLong(schemaVersion.n()), retired != null && retired.bool(),
                committedAt == null ? 0 : Long.parseLong(committedAt.n()));
    }

    /** A short random pause after a lost race, growing when the table stays contended. */
    private static void backOff(int attempt) {
        long ceiling = Math.min(100, 1L << Math.min(attempt, 7));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, ceiling));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ServiceException.conflict("Interrupted while committing; try again");
        }
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
