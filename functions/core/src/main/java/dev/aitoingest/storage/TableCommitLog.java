package dev.aitoingest.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.aitoingest.ServiceException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The commit log of every table generation, in DynamoDB, kept the way Delta Lake keeps a table on
 * object storage: numbered commits, each version written once by a conditional put. A writer
 * claims its version with one atomic counter increment, so concurrent writers never race for one;
 * whether its commit takes effect is decided where it stands, by folding the log up to it (a
 * schema fence or a removal before it refuses it: {@link TableState#refusal}). A reader folds the
 * versions in order; a version claimed but not yet written is waited for, and one whose writer died
 * is sealed as aborted after the hole timeout, so no reader waits for ever and no commit is lost:
 * a writer whose version was sealed finds its put refused and claims another. Single-item writes
 * only.
 */
public final class TableCommitLog {

    static final String LOG = "log";
    static final String VERSION = "version";
    public static final TableKeys KEYS = new TableKeys(LOG, VERSION, ScalarAttributeType.N);
    private static final String ADDS = "adds";
    private static final String REMOVES = "removes";
    private static final String COMMITTED_AT = "committedAt";
    private static final String SCHEMA_VERSION = "schemaVersion";
    private static final String REQUIRES = "requires";
    private static final String RETIRED = "retired";
    private static final String ABORTED = "aborted";
    /** In an added segment: the removed segment whose place in the order it takes. */
    private static final String PLACE = "replaces";
    /** A segment's column statistics: per column its null count and, when known, min and max (N or S). */
    private static final String STATS = "stats";
    /** A small segment's compressed bytes, kept in the commit instead of an S3 object. */
    private static final String INLINE = "inline";
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
    /** The version counter of a log: one item under the log id with this suffix, at version 0. */
    private static final String COUNTER = "#counter";
    private static final String CLAIMED = "claimed";
    private static final String FENCED_AT = "fencedAt";
    /** On a fence decided on the table's rows: whether it had any. */
    private static final String REQUIRES_ROWS = "requiresRows";
    /** DynamoDB's limit of keys in one BatchGetItem. */
    private static final int BATCH_GET = 100;

    private final DynamoDbClient dynamo;
    private final String tableName;
    private final CheckpointStore checkpoints;
    private final VersionAllocation allocation;
    private final Duration holeTimeout;
    private final Map<String, TableState> cache = new ConcurrentHashMap<>();
    /** Per log, the version this process last checkpointed: many writers crossing the interval at once write one checkpoint. */
    private final Map<String, Long> checkpointed = new ConcurrentHashMap<>();

    public TableCommitLog(DynamoDbClient dynamo, String tableName, CheckpointStore checkpoints, VersionAllocation allocation,
                          Duration holeTimeout) {
        this.dynamo = dynamo;
        this.tableName = tableName;
        this.checkpoints = checkpoints;
        this.allocation = allocation;
        this.holeTimeout = holeTimeout;
    }

    /**
     * The current state: the cached fold (or, in a new process, the latest checkpoint) brought up to
     * date with every commit written when the read began. Every {@link #CHECKPOINT_INTERVAL} commits
     * the reader leaves a checkpoint for the next new process.
     */
    public TableState read(TableRef ref) {
        TableState base = known(ref);
        return remember(ref, base.apply(fold(ref, base, Long.MAX_VALUE)));
    }

    /** Leaves a checkpoint at the log's latest version now, whatever the interval: after a rewrite, a new reader folds nothing. */
    public void checkpoint(TableRef ref) {
        TableState state = read(ref);
        if (state.checkpointVersion() < state.version()) {
            TableState saved = checkpoint(ref, state);
            cache.merge(ref.logId(), saved, (old, fresh) -> fresh.version() >= old.version() ? fresh : old);
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

    /** The newest state this process knows without asking the log: its cached fold, or in a new process the latest checkpoint. */
    private TableState known(TableRef ref) {
        TableState cached = cache.get(ref.logId());
        return cached != null ? cached : latestCheckpoint(ref);
    }

    /**
     * Caches a folded state, leaving a checkpoint first when one is due: unless another process left
     * one recently enough, or another thread here is leaving one.
     */
    private TableState remember(TableRef ref, TableState state) {
        TableState current = state;
        if (current.version() - current.checkpointVersion() >= CHECKPOINT_INTERVAL) {
            long saved = newest(ref.logId() + CHECKPOINTS);
            if (current.version() - saved < CHECKPOINT_INTERVAL) {
                current = current.checkpointedAt(saved);
            } else if (claimCheckpoint(ref, current.version())) {
                current = checkpoint(ref, current);
            }
        }
        cache.merge(ref.logId(), current, (old, fresh) -> fresh.version() >= old.version() ? fresh : old);
        return current;
    }

    private boolean claimCheckpoint(TableRef ref, long version) {
        boolean[] mine = new boolean[1];
        checkpointed.compute(ref.logId(), (log, last) -> {
            mine[0] = last == null || version - last >= CHECKPOINT_INTERVAL;
            return mine[0] ? version : last;
        });
        return mine[0];
    }

    /**
     * Appends one commit of rows validated against {@code schemaVersion} and returns its version.
     * Refused ({@link TableChangedException}) when the generation was retired or a schema change
     * came before it. Removing a segment that a commit before it already removed is a conflict: the
     * caller planned against a state that no longer exists ({@link StaleRemovalException}). An
     * added segment named in {@code places} takes the place of the removed segment it maps to.
     * A refused commit stays in the log, where it changes nothing.
     */
    public long commit(TableRef ref, long schemaVersion, List<Segment> adds, List<String> removes, Map<String, String> places) {
        Map<String, AttributeValue> content = new HashMap<>();
        content.put(ADDS, AttributeValue.fromL(adds.stream().map(segment -> segment(segment, places.get(segment.key()))).toList()));
        if (!removes.isEmpty()) {
            content.put(REMOVES, AttributeValue.fromL(removes.stream().map(TableCommitLog::s).toList()));
        }
        content.put(REQUIRES, n(schemaVersion));
        Written written = append(ref, content, false);
        TableState.Refusal refusal = written.refusal();
        if (refusal == TableState.Refusal.STALE_REMOVAL) {
            throw new StaleRemovalException(ref.table());
        }
        if (refusal != null) {
            throw new TableChangedException(ref.table(), written.fence().retired(), written.fence().schemaVersion());
        }
        return written.version();
    }

    /**
     * Sets the table's schema version from here on, decided on the state {@code decidedOn}: the
     * fence stands only if, where it lands, the table has rows exactly when it had them there (the
     * only thing a column change is decided on). False when it does not stand (decide again).
     */
    public boolean fence(TableRef ref, TableState decidedOn, long schemaVersion) {
        Map<String, AttributeValue> content = new HashMap<>(Map.of(SCHEMA_VERSION, n(schemaVersion),
                REQUIRES_ROWS, AttributeValue.fromBool(decidedOn.rows() > 0)));
        if (allocation == VersionAllocation.RACE) {
            Map<String, AttributeValue> item = item(ref, decidedOn.version() + 1, UUID.randomUUID().toString());
            item.putAll(content);
            return put(item);
        }
        return append(ref, content, true).refusal() == null;
    }

    /** Sets the table's schema version from here on, whatever the table holds: a change under way settled, or one that failed set back. */
    public void setFence(TableRef ref, long schemaVersion) {
        append(ref, new HashMap<>(Map.of(SCHEMA_VERSION, n(schemaVersion))), true);
    }

    /** Ends the generation: every later commit to it is refused. */
    public void retire(TableRef ref) {
        if (!read(ref).fence().retired()) {
            append(ref, new HashMap<>(Map.of(RETIRED, AttributeValue.fromBool(true))), true);
        }
    }

    /** A commit written at its version, whether it stands there (null) or why not, and the fence it found there. */
    private record Written(long version, TableState.Refusal refusal, TableState.Fence fence) {
    }

    /** A claimed version, and the newest version a fence or retirement was claimed at (0: none) when it was claimed. */
    private record Claim(long version, long fencedAt) {
    }

    /**
     * Writes {@code content} at a version of its own and decides whether it stands there. With the
     * counter the version is claimed; a put refused because a reader sealed that version (its
     * writer seemed dead) claims another. A fence's claim is recorded on the counter, so a commit
     * of segments that finds no fence claimed since the state this process knows decides on that
     * state, without reading the log; otherwise, and for removals, the log is folded up to it.
     * With the race, the version is the one after the writer's read, retried when taken.
     */
    private Written append(TableRef ref, Map<String, AttributeValue> content, boolean isFence) {
        String commitId = UUID.randomUUID().toString();
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            // known before the claim, so older than the claimed version
            TableState known = allocation == VersionAllocation.RACE ? read(ref) : cache.get(ref.logId());
            Claim claim = allocation == VersionAllocation.RACE ? new Claim(known.version() + 1, known.version()) : claim(ref, isFence);
            Map<String, AttributeValue> item = item(ref, claim.version(), commitId);
            item.putAll(content);
            if (!put(item)) {
                if (allocation == VersionAllocation.RACE) {
                    backOff(attempt);
                } else {
                    catchUp(ref, claim.version());
                }
                continue;
            }
            Commit mine = commitOf(item);
            TableState before = before(ref, known, claim, mine);
            if (claim.version() % CHECKPOINT_INTERVAL == 0) {
                // writers need not fold the log, so the writer of every hundredth version does, leaving a checkpoint
                read(ref);
            }
            return new Written(claim.version(), before.refusal(mine), before.fence());
        }
        throw ServiceException.conflict("Table '" + ref.table() + "' is too busy to commit to; try again");
    }

    /**
     * The state to decide {@code mine} on: one that has its fence right. For a commit of segments
     * with no fence claimed after the known state, that state (or, with no fence ever, the empty
     * one); otherwise the log folded up to right before it.
     */
    private TableState before(TableRef ref, TableState known, Claim claim, Commit mine) {
        boolean decidedByFence = mine.removes().isEmpty() && mine.requiresRows() == null;
        if (decidedByFence && (claim.fencedAt() == 0 || known != null && known.version() >= claim.fencedAt())) {
            TableState decidedOn = claim.fencedAt() == 0 && known == null ? TableState.empty() : known;
            if (decidedOn.version() == claim.version() - 1) {
                remember(ref, decidedOn.apply(List.of(mine)));
            }
            return decidedOn;
        }
        TableState base = known != null ? known : latestCheckpoint(ref);
        if (base.version() >= claim.version()) {
            // a checkpoint already past this version: fold from the start
            base = TableState.empty();
        }
        List<Commit> commits = fold(ref, base, claim.version());
        TableState before = base.apply(commits.stream().filter(commit -> commit.version() < claim.version()).toList());
        remember(ref, base.apply(commits));
        return before;
    }

    /**
     * Claims the next version of the log: one atomic update of its counter. A fence's claim also
     * records its version, so commits claimed later know where the last fence may stand.
     */
    private Claim claim(TableRef ref, boolean isFence) {
        Map<String, AttributeValue> counter = dynamo.updateItem(b -> b.tableName(tableName).key(counterKey(ref))
                .updateExpression(isFence ? "SET #c = if_not_exists(#c, :zero) + :one, #f = if_not_exists(#c, :zero) + :one"
                        : "SET #c = if_not_exists(#c, :zero) + :one")
                .expressionAttributeNames(isFence ? Map.of("#c", CLAIMED, "#f", FENCED_AT) : Map.of("#c", CLAIMED))
                .expressionAttributeValues(Map.of(":zero", n(0), ":one", n(1)))
                .returnValues(ReturnValue.ALL_NEW)).attributes();
        AttributeValue fencedAt = counter.get(FENCED_AT);
        return new Claim(Long.parseLong(counter.get(CLAIMED).n()), fencedAt == null ? 0 : Long.parseLong(fencedAt.n()));
    }

    /**
     * After a claimed version turned out taken: when the log has gone past the counter (a log from
     * before the counter), moves the counter up to the log's newest version, so the next claim does
     * not land on taken versions one by one; a fence may stand anywhere below, so it says so.
     */
    private void catchUp(TableRef ref, long taken) {
        long newest = newest(ref.logId());
        if (newest > taken) {
            try {
                dynamo.updateItem(b -> b.tableName(tableName).key(counterKey(ref))
                        .updateExpression("SET #c = :n, #f = :n")
                        .conditionExpression("attribute_not_exists(#c) OR #c < :n")
                        .expressionAttributeNames(Map.of("#c", CLAIMED, "#f", FENCED_AT))
                        .expressionAttributeValues(Map.of(":n", n(newest))));
            } catch (ConditionalCheckFailedException alreadyPast) {
                // another writer moved it further
            }
        }
    }

    private Map<String, AttributeValue> counterKey(TableRef ref) {
        return Map.of(LOG, s(ref.logId() + COUNTER), VERSION, n(0));
    }

    /**
     * The commits after {@code base}, in version order and without a gap, through {@code through} and
     * through every version written when the fold began (or, for {@code through} below that, as far
     * as the log has no gap). A missing version below that is one whose writer has claimed it and is
     * still writing: it is waited for, and sealed as aborted when the hole timeout passes first.
     */
    private List<Commit> fold(TableRef ref, TableState base, long through) {
        TreeMap<Long, Commit> found = new TreeMap<>();
        long next = base.version() + 1;
        found.putAll(commitsFrom(ref, next));
        // versions written after the fold began need not be waited for: a reader under constant ingest still ends
        long mustReach = through != Long.MAX_VALUE ? through : found.isEmpty() ? 0 : found.lastKey();
        long deadline = 0;
        for (int wait = 1; ; wait++) {
            while (found.containsKey(next)) {
                next++;
            }
            if (next > mustReach) {
                break;
            }
            long now = System.currentTimeMillis();
            if (deadline == 0) {
                deadline = now + holeTimeout.toMillis();
            }
            List<Long> missing = new ArrayList<>();
            for (long hole = next; hole <= mustReach && missing.size() < BATCH_GET; hole++) {
                if (!found.containsKey(hole)) {
                    missing.add(hole);
                }
            }
            if (now >= deadline) {
                missing.forEach(hole -> seal(ref, hole));
            } else {
                pause(Math.min(20, 2 * wait));
            }
            found.putAll(commitsAt(ref, missing));
        }
        return new ArrayList<>(found.headMap(next).values());
    }

    /** Writes an aborted marker at a version whose writer never wrote it; fails harmlessly if it just did. */
    private void seal(TableRef ref, long version) {
        Map<String, AttributeValue> item = item(ref, version, UUID.randomUUID().toString());
        item.put(ABORTED, AttributeValue.fromBool(true));
        put(item);
    }

    /** A conditional put of a version; a put the SDK retried after it had in fact landed counts as landed. */
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

    /** Those of the given versions that are written, by version: polling a hole reads only what is missing. */
    private Map<Long, Commit> commitsAt(TableRef ref, List<Long> versions) {
        Map<Long, Commit> commits = new HashMap<>();
        List<Map<String, AttributeValue>> keys = versions.stream().map(v -> Map.of(LOG, s(ref.logId()), VERSION, n(v))).toList();
        while (!keys.isEmpty()) {
            KeysAndAttributes wanted = KeysAndAttributes.builder().keys(keys).consistentRead(true).build();
            BatchGetItemResponse answer = dynamo.batchGetItem(b -> b.requestItems(Map.of(tableName, wanted)));
            answer.responses().getOrDefault(tableName, List.of()).forEach(item -> {
                Commit commit = commitOf(item);
                commits.put(commit.version(), commit);
            });
            KeysAndAttributes unprocessed = answer.unprocessedKeys().get(tableName);
            keys = unprocessed == null ? List.of() : unprocessed.keys();
        }
        return commits;
    }

    /** The log's commits from {@code version} on, in version order. */
    private Map<Long, Commit> commitsFrom(TableRef ref, long version) {
        Map<Long, Commit> commits = new HashMap<>();
        Map<String, AttributeValue> startKey = null;
        do {
            QueryRequest.Builder query = QueryRequest.builder().tableName(tableName)
                    .keyConditionExpression("#l = :l AND #v >= :v")
                    .expressionAttributeNames(Map.of("#l", LOG, "#v", VERSION))
                    .expressionAttributeValues(Map.of(":l", s(ref.logId()), ":v", n(version)))
                    .consistentRead(true);
            if (startKey != null) {
                query.exclusiveStartKey(startKey);
            }
            QueryResponse page = dynamo.query(query.build());
            for (Map<String, AttributeValue> item : page.items()) {
                Commit commit = commitOf(item);
                commits.put(commit.version(), commit);
            }
            startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (startKey != null);
        return commits;
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
        if (segment.isInline()) {
            m.put(INLINE, AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(segment.inline())));
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
                AttributeValue inline = m.get(INLINE);
                adds.add(new Segment(m.get("key").s(), Long.parseLong(m.get("rows").n()), Long.parseLong(m.get("bytes").n()),
                        validated == null ? 0 : Long.parseLong(validated.n()), stats(m.get(STATS)),
                        inline == null ? null : inline.b().asByteArrayUnsafe()));
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
        AttributeValue requires = item.get(REQUIRES);
        AttributeValue requiresRows = item.get(REQUIRES_ROWS);
        return new Commit(Long.parseLong(item.get(VERSION).n()), adds, removes, places,
                schemaVersion == null ? null : Long.parseLong(schemaVersion.n()), retired != null && retired.bool(),
                committedAt == null ? 0 : Long.parseLong(committedAt.n()), requires == null ? null : Long.parseLong(requires.n()),
                requiresRows == null ? null : requiresRows.bool());
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ServiceException.conflict("Interrupted while reading the table's log; try again");
        }
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
