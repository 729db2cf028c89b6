package dev.aitoingest.job;

import dev.aitoingest.ingest.CsvFormat;
import dev.aitoingest.storage.TableKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * File jobs in DynamoDB: one item per job, and its last failing rows as up to 50 items of their
 * own (a ring: row n goes to slot n mod 50). Every state change is a conditional update, so a
 * duplicate trigger, a retried chunk or a racing processor changes nothing twice. A job in
 * processing carries a heartbeat and the key of a sparse index of the jobs in progress, so stalled
 * jobs are found by a query of that index, never a scan of the table.
 */
public final class JobStore {

    public static final String JOB = "job";
    public static final String ITEM = "item";
    public static final TableKeys KEYS = new TableKeys(JOB, ITEM, ScalarAttributeType.S);
    public static final int KEPT_FAILURES = 50;
    /** Jobs expire (DynamoDB TTL on {@code expiresAt}) a month after they were created. */
    private static final Duration RETENTION = Duration.ofDays(30);
    private static final String JOB_ITEM = "job";
    private static final String FAILURE_PREFIX = "fail#";
    private static final int MAX_LAST_ROW_CHARS = 64 * 1024;

    /**
     * The sparse index of jobs in progress: only a job in processing has its partition key, so the
     * index holds those jobs alone, sorted by heartbeat. One partition value for all of them: jobs
     * in progress at one time are few, and the sweep reads them in one query.
     */
    public static final String IN_PROGRESS_INDEX = "in-progress";
    public static final String IN_PROGRESS = "inProgress";
    /** Epoch milliseconds of the job's last sign of life: the trigger, a checkpoint or a heartbeat. */
    public static final String HEARTBEAT_AT = "heartbeatAt";
    private static final String FILE_JOBS = "file";
    /** The {@code format} of a CSV file's job; a job without one (every job before CSV) reads NDJSON. */
    private static final String CSV = "csv";

    private final DynamoDbClient dynamo;
    private final String tableName;

    public JobStore(DynamoDbClient dynamo, String tableName) {
        this.dynamo = dynamo;
        this.tableName = tableName;
    }

    /** A new job for a file of NDJSON ({@code csv} null) or of CSV in the given format. */
    public void create(String id, String table, CsvFormat csv, Instant now) {
        Map<String, AttributeValue> item = new HashMap<>(key(id));
        item.put("table", s(table));
        if (csv != null) {
            item.put("format", s(CSV));
            item.put("delimiter", s(String.valueOf(csv.delimiter())));
        }
        item.put("phase", s(JobPhase.CREATED.wireName()));
        item.put("createdAt", s(now.toString()));
        item.put("expiresAt", n(now.plus(RETENTION).getEpochSecond()));
        for (String counter : List.of("completedCount", "failedCount", "bytesTotal", "bytesRead", "nextChunk", "linesDone", "offset")) {
            item.put(counter, n(0));
        }
        dynamo.putItem(b -> b.tableName(tableName).item(item).conditionExpression("attribute_not_exists(#j)")
                .expressionAttributeNames(Map.of("#j", JOB)));
    }

    public Optional<FileJob> find(String id) {
        GetItemResponse response = dynamo.getItem(b -> b.tableName(tableName).key(key(id)).consistentRead(true));
        if (!response.hasItem() || response.item().isEmpty()) {
            return Optional.empty();
        }
        Map<String, AttributeValue> i = response.item();
        return Optional.of(new FileJob(id, str(i, "table"), str(i, "generation"),
                JobPhase.valueOf(str(i, "phase").toUpperCase(Locale.ROOT)), instant(i, "createdAt"),
                instant(i, "startedAt"), instant(i, "finishedAt"), num(i, "completedCount"), num(i, "failedCount"),
                num(i, "bytesTotal"), num(i, "bytesRead"), num(i, "nextChunk"), num(i, "linesDone"), num(i, "offset"),
                str(i, "lastRow"), str(i, "error"), str(i, "etag"),
                i.containsKey(HEARTBEAT_AT) ? Instant.ofEpochMilli(num(i, HEARTBEAT_AT)) : null,
                CSV.equals(str(i, "format")) ? new CsvFormat(str(i, "delimiter").charAt(0)) : null));
    }

    /** The file arrived (S3 event): created becomes uploaded. False when the job was past that. */
    public boolean recordUpload(String id, long size) {
        return update(id, "SET #phase = :uploaded, bytesTotal = :size", "", "#phase = :created",
                Map.of(":uploaded", s(JobPhase.UPLOADED.wireName()), ":created", s(JobPhase.CREATED.wireName()), ":size", n(size)));
    }

    /** The trigger: created or uploaded becomes processing, into the given table generation, with its first heartbeat. */
    public boolean start(String id, String generation, long size, String etag, Instant now) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":processing", s(JobPhase.PROCESSING.wireName()),
                ":created", s(JobPhase.CREATED.wireName()), ":uploaded", s(JobPhase.UPLOADED.wireName()), ":g", s(generation),
                ":size", n(size), ":etag", s(etag), ":now", s(now.toString()), ":file", s(FILE_JOBS), ":beat", n(now.toEpochMilli())));
        return update(id, "SET #phase = :processing, generation = :g, bytesTotal = :size, etag = :etag, startedAt = :now, "
                        + IN_PROGRESS + " = :file, " + HEARTBEAT_AT + " = :beat", "",
                "#phase IN (:created, :uploaded)", values);
    }

    /**
     * The processor is at work: a heartbeat between checkpoints, for a chunk that takes long. Not
     * a state change, so no write id: a heartbeat racing a checkpoint must not hide the
     * checkpoint's own id from its read-back. False when the job is no longer processing.
     */
    public boolean heartbeat(String id, Instant now) {
        try {
            dynamo.updateItem(b -> b.tableName(tableName).key(key(id)).updateExpression("SET " + HEARTBEAT_AT + " = :beat")
                    .conditionExpression("#phase = :processing").expressionAttributeNames(Map.of("#phase", "phase"))
                    .expressionAttributeValues(Map.of(":beat", n(now.toEpochMilli()), ":processing", s(JobPhase.PROCESSING.wireName()))));
            return true;
        } catch (ConditionalCheckFailedException notProcessing) {
            return false;
        }
    }

    /**
     * Takes up a stalled job: moves its heartbeat from the one seen to now, so of the triggers and
     * sweeps that saw it stalled exactly one resumes it. False when it was taken up or moved on.
     */
    public boolean resume(String id, Instant seenHeartbeat, Instant now) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":beat", n(now.toEpochMilli()),
                ":processing", s(JobPhase.PROCESSING.wireName())));
        String seen = "attribute_not_exists(" + HEARTBEAT_AT + ")";
        if (seenHeartbeat != null) {
            seen = HEARTBEAT_AT + " = :seen";
            values.put(":seen", n(seenHeartbeat.toEpochMilli()));
        }
        return update(id, "SET " + HEARTBEAT_AT + " = :beat", "", "#phase = :processing AND " + seen, values);
    }

    /**
     * No processor was started for the heartbeat {@code given} (its invoke failed): the job reads
     * as stalled at once, so the next trigger or sweep starts it.
     */
    public void expireHeartbeat(String id, Instant given) {
        update(id, "SET " + HEARTBEAT_AT + " = :never", "", "#phase = :processing AND " + HEARTBEAT_AT + " = :given",
                Map.of(":never", n(0), ":given", n(given.toEpochMilli()), ":processing", s(JobPhase.PROCESSING.wireName())));
    }

    /** The ids of the jobs in processing whose last heartbeat is before {@code cutoff}: a query of the sparse index, every page. */
    public List<String> stalledSince(Instant cutoff) {
        List<String> ids = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamo.query(b -> b.tableName(tableName).indexName(IN_PROGRESS_INDEX)
                    .keyConditionExpression("#p = :file AND #h < :cutoff")
                    .expressionAttributeNames(Map.of("#p", IN_PROGRESS, "#h", HEARTBEAT_AT))
                    .expressionAttributeValues(Map.of(":file", s(FILE_JOBS), ":cutoff", n(cutoff.toEpochMilli())))
                    .exclusiveStartKey(from));
            page.items().forEach(item -> ids.add(str(item, JOB)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return ids;
    }

    /** Cancels a job that is not done yet: false when it was done already. */
    public boolean cancel(String id, Instant now) {
        return update(id, "SET #phase = :cancelled, finishedAt = :now", IN_PROGRESS, "#phase IN (:created, :uploaded, :processing)",
                Map.of(":cancelled", s(JobPhase.CANCELLED.wireName()), ":created", s(JobPhase.CREATED.wireName()),
                        ":uploaded", s(JobPhase.UPLOADED.wireName()), ":processing", s(JobPhase.PROCESSING.wireName()),
                        ":now", s(now.toString())));
    }

    /**
     * Records chunk {@code chunk}, and a heartbeat with it; false when it was already recorded (by
     * a retry or a racing processor).
     */
    public boolean advance(String id, long chunk, ChunkResult result, Instant now) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":k", n(chunk), ":next", n(chunk + 1), ":rows", n(result.rows()), ":failed", n(result.failed()),
                ":lines", n(result.linesDone()), ":offset", n(result.offset()), ":read", n(result.bytesRead()),
                ":processing", s(JobPhase.PROCESSING.wireName()), ":cancelled", s(JobPhase.CANCELLED.wireName())));
        values.put(":beat", n(now.toEpochMilli()));
        String set = "SET nextChunk = :next, linesDone = :lines, #offset = :offset, bytesRead = :read, "
                + "completedCount = completedCount + :rows, failedCount = failedCount + :failed, " + HEARTBEAT_AT + " = :beat";
        String last = result.lastSuccessfulElement();
        if (last != null && last.length() <= MAX_LAST_ROW_CHARS) {
            set += ", lastRow = :last";
            values.put(":last", s(last));
        }
        return update(id, set, "", "nextChunk = :k AND #phase IN (:processing, :cancelled)", values);
    }

    public boolean finish(String id, Instant now) {
        return update(id, "SET #phase = :finished, finishedAt = :now, bytesRead = bytesTotal", IN_PROGRESS, "#phase = :processing",
                Map.of(":finished", s(JobPhase.FINISHED.wireName()), ":processing", s(JobPhase.PROCESSING.wireName()),
                        ":now", s(now.toString())));
    }

    public boolean fail(String id, String error, Instant now) {
        return update(id, "SET #phase = :failed, finishedAt = :now, #error = :error", IN_PROGRESS, "#phase = :processing",
                Map.of(":failed", s(JobPhase.FAILED.wireName()), ":processing", s(JobPhase.PROCESSING.wireName()),
                        ":now", s(now.toString()), ":error", s(error)));
    }

    /**
     * Keeps failing rows in their ring slots, each until it expires like its job. Rewriting the same
     * rows (a retried chunk) is harmless; a slot that holds a later row (put there by a processor
     * further on than this one, a stale duplicate) keeps it.
     */
    public void keepFailures(String id, List<FailedRow> rows, Instant now) {
        int from = Math.max(0, rows.size() - KEPT_FAILURES);
        for (FailedRow row : rows.subList(from, rows.size())) {
            Map<String, AttributeValue> item = new HashMap<>();
            item.put(JOB, s(id));
            item.put(ITEM, s(FAILURE_PREFIX + String.format("%02d", row.sequence() % KEPT_FAILURES)));
            item.put("sequence", n(row.sequence()));
            item.put("line", n(row.line()));
            if (row.column() != null) {
                item.put("column", s(row.column()));
            }
            item.put("message", s(row.message()));
            item.put("row", s(row.row()));
            item.put("expiresAt", n(now.plus(RETENTION).getEpochSecond()));
            try {
                dynamo.putItem(b -> b.tableName(tableName).item(item).conditionExpression("attribute_not_exists(#s) OR #s <= :s")
                        .expressionAttributeNames(Map.of("#s", "sequence")).expressionAttributeValues(Map.of(":s", n(row.sequence()))));
            } catch (ConditionalCheckFailedException laterRowKept) {
                // the slot moved on past this row
            }
        }
    }

    /** The last failing rows, oldest first: every page of the query, however DynamoDB cuts them. */
    public List<FailedRow> failures(String id) {
        List<FailedRow> rows = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamo.query(b -> b.tableName(tableName).consistentRead(true)
                    .keyConditionExpression("#j = :j AND begins_with(#i, :p)")
                    .expressionAttributeNames(Map.of("#j", JOB, "#i", ITEM))
                    .expressionAttributeValues(Map.of(":j", s(id), ":p", s(FAILURE_PREFIX))).exclusiveStartKey(from));
            for (Map<String, AttributeValue> i : page.items()) {
                rows.add(new FailedRow(num(i, "sequence"), num(i, "line"), str(i, "column"), str(i, "message"), str(i, "row")));
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        rows.sort(Comparator.comparingLong(FailedRow::sequence));
        return rows;
    }

    /**
     * A conditional update; false when the condition failed because the job moved on. An update
     * the SDK retried after it had in fact landed fails its own condition: it carries an id, read
     * back, so it counts as done instead of as someone else's move. {@code remove} names attributes
     * the update removes (none when empty).
     */
    private boolean update(String id, String set, String remove, String condition, Map<String, AttributeValue> values) {
        Map<String, String> names = new HashMap<>(Map.of("#phase", "phase"));
        if (set.contains("#offset")) {
            names.put("#offset", "offset");
        }
        if (set.contains("#error")) {
            names.put("#error", "error");
        }
        String writeId = UUID.randomUUID().toString();
        Map<String, AttributeValue> withWrite = new HashMap<>(values);
        withWrite.put(":write", s(writeId));
        try {
            String expression = set + ", lastWrite = :write" + (remove.isEmpty() ? "" : " REMOVE " + remove);
            dynamo.updateItem(b -> b.tableName(tableName).key(key(id)).updateExpression(expression)
                    .conditionExpression("attribute_exists(#j) AND " + condition)
                    .expressionAttributeNames(withJob(names)).expressionAttributeValues(withWrite));
            return true;
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(tableName).key(key(id)).consistentRead(true)).item();
            return item != null && s(writeId).equals(item.get("lastWrite"));
        }
    }

    private static Map<String, String> withJob(Map<String, String> names) {
        Map<String, String> all = new HashMap<>(names);
        all.put("#j", JOB);
        return all;
    }

    private static Map<String, AttributeValue> key(String id) {
        return Map.of(JOB, s(id), ITEM, s(JOB_ITEM));
    }

    private static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    private static long num(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? 0 : Long.parseLong(v.n());
    }

    private static Instant instant(Map<String, AttributeValue> item, String name) {
        String v = str(item, name);
        return v == null ? null : Instant.parse(v);
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
