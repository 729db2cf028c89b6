package dev.aitoingest.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.aitoingest.Json;
import dev.aitoingest.ServiceException;
import dev.aitoingest.rewrite.TableRewriter;
import dev.aitoingest.schema.SchemaService;
import dev.aitoingest.storage.TableCommitLog;
import dev.aitoingest.storage.TableRef;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Optimize and delete as jobs, as Aito's jobs API runs them: created and started by the API, run
 * where file jobs run (the processor function on AWS, a thread locally) so no API timeout applies,
 * their state in the job table beside file jobs. A job is claimed before it runs and finished by a
 * conditional update, so a retried invocation never runs it twice at once nor overwrites its result.
 */
public final class OperationJobs {

    private static final String ITEM = "operation";
    /** The partition that lists jobs by start, newest first. */
    private static final String RECENT = "operations";
    /** The partition that holds, per table generation, until when an automatic optimize may still run. */
    private static final String AUTO_OPTIMIZE = "auto-optimize";
    private static final Duration RETENTION = Duration.ofDays(7);
    /** A claim older than this belongs to an invocation that died (Lambda's 15 minutes are over). */
    private static final Duration CLAIM = Duration.ofMinutes(16);

    /** Fragmentation is looked at after every this many commits of a table, not after each. */
    static final int CHECK_EVERY = 16;
    /** While an automatic optimize of a table may still run, no other starts. */
    private static final Duration AUTO_OPTIMIZE_HOLD = Duration.ofMinutes(16);

    private final DynamoDbClient dynamo;
    private final String tableName;
    private final SchemaService schemas;
    private final TableRewriter rewriter;
    private final TableCommitLog log;
    private final ProcessingSettings settings;
    private final ProcessingInvoker invoker;
    private final Clock clock;

    public OperationJobs(DynamoDbClient dynamo, String tableName, SchemaService schemas, TableRewriter rewriter, TableCommitLog log,
                         ProcessingSettings settings, ProcessingInvoker invoker, Clock clock) {
        this.dynamo = dynamo;
        this.tableName = tableName;
        this.schemas = schemas;
        this.rewriter = rewriter;
        this.log = log;
        this.settings = settings;
        this.invoker = invoker;
        this.clock = clock;
    }

    /**
     * After a commit: a table that has gathered {@code autoOptimizeSegments} small segments is
     * optimized by a job of its own, one at a time per table, so users who never ask stay fast.
     */
    public void afterCommit(TableRef ref, long version) {
        if (settings.autoOptimizeSegments() <= 0 || version % CHECK_EVERY != 0) {
            return;
        }
        long small = log.read(ref).segments().stream().filter(segment -> segment.bytes() < settings.targetSegmentBytes() / 2).count();
        if (small < settings.autoOptimizeSegments()) {
            return;
        }
        Instant now = clock.instant();
        try {
            dynamo.putItem(b -> b.tableName(tableName).item(Map.of(JobStore.JOB, s(AUTO_OPTIMIZE), JobStore.ITEM, s(ref.logId()),
                            "until", s(now.plus(AUTO_OPTIMIZE_HOLD).toString()), "expiresAt", n(now.plus(RETENTION).getEpochSecond())))
                    .conditionExpression("attribute_not_exists(#u) OR #u < :now")
                    .expressionAttributeNames(Map.of("#u", "until")).expressionAttributeValues(Map.of(":now", s(now.toString()))));
        } catch (ConditionalCheckFailedException alreadyUnderWay) {
            return;
        }
        startOptimize(ref.table());
    }

    /** Starts optimizing the table; an unknown table is refused at once. */
    public OperationJob startOptimize(String table) {
        schemas.table(table);
        return start(OperationJob.Kind.OPTIMIZE, "/api/v1/data/" + table + "/optimize", Json.MAPPER.createObjectNode().put("table", table));
    }

    /** Starts a delete; an unknown table, column or operator is refused at once. */
    public OperationJob startDelete(JsonNode body) {
        TableRewriter.DeleteRequest.parse(body).check(schemas);
        return start(OperationJob.Kind.DELETE, "/api/v1/data/_delete", body);
    }

    private OperationJob start(OperationJob.Kind kind, String path, JsonNode parameters) {
        String id = UUID.randomUUID().toString();
        Instant now = clock.instant();
        Map<String, AttributeValue> item = new HashMap<>(key(id));
        item.put("kind", s(kind.name()));
        item.put("path", s(path));
        item.put("parameters", s(parameters.toString()));
        item.put("startedAt", s(now.toString()));
        item.put("expiresAt", n(now.plus(RETENTION).getEpochSecond()));
        dynamo.putItem(b -> b.tableName(tableName).item(item));
        dynamo.putItem(b -> b.tableName(tableName).item(Map.of(JobStore.JOB, s(RECENT), JobStore.ITEM, s(now + "#" + id),
                "id", s(id), "expiresAt", n(now.plus(RETENTION).getEpochSecond()))));
        invoker.startProcessing(id);
        return new OperationJob(id, kind, path, parameters, now, null, null, null, null);
    }

    public Optional<OperationJob> find(String id) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(tableName).key(key(id)).consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new OperationJob(id, OperationJob.Kind.valueOf(item.get("kind").s()), item.get("path").s(),
                parse(item.get("parameters").s()), Instant.parse(item.get("startedAt").s()),
                item.containsKey("finishedAt") ? Instant.parse(item.get("finishedAt").s()) : null,
                item.containsKey("result") ? parse(item.get("result").s()) : null,
                item.containsKey("error") ? item.get("error").s() : null,
                item.containsKey("errorKind") ? ServiceException.Kind.valueOf(item.get("errorKind").s()) : null));
    }

    /** The most recent jobs, newest first. */
    public List<OperationJob> recent(int limit) {
        QueryResponse page = dynamo.query(b -> b.tableName(tableName).keyConditionExpression("#j = :j")
                .expressionAttributeNames(Map.of("#j", JobStore.JOB)).expressionAttributeValues(Map.of(":j", s(RECENT)))
                .scanIndexForward(false).limit(limit).consistentRead(true));
        List<OperationJob> jobs = new ArrayList<>();
        for (Map<String, AttributeValue> entry : page.items()) {
            find(entry.get("id").s()).ifPresent(jobs::add);
        }
        return jobs;
    }

    /** Runs the job when it is one of these and nobody else runs it; false when the id is no operation job. */
    public boolean run(String id) {
        Optional<OperationJob> found = find(id);
        if (found.isEmpty()) {
            return false;
        }
        OperationJob job = found.get();
        if (job.isDone() || !claim(id)) {
            return true;
        }
        try {
            JsonNode result = switch (job.kind()) {
                case OPTIMIZE -> {
                    rewriter.optimize(job.parameters().get("table").asText());
                    yield Json.MAPPER.createObjectNode();
                }
                case DELETE -> Json.MAPPER.createObjectNode().put("total",
                        rewriter.delete(TableRewriter.DeleteRequest.parse(job.parameters())));
            };
            finish(id, Map.of("result", s(result.toString())));
        } catch (ServiceException failed) {
            finish(id, Map.of("error", s(failed.getMessage()), "errorKind", s(failed.kind().name())));
        } catch (RuntimeException failed) {
            // ended, not left running for ever: a client polls for finishedAt
            finish(id, Map.of("error", s("Internal error: " + failed.getClass().getSimpleName())));
            throw failed;
        }
        return true;
    }

    private boolean claim(String id) {
        Instant now = clock.instant();
        try {
            dynamo.updateItem(b -> b.tableName(tableName).key(key(id)).updateExpression("SET claimedAt = :now")
                    .conditionExpression("attribute_not_exists(finishedAt) AND (attribute_not_exists(claimedAt) OR claimedAt < :stale)")
                    .expressionAttributeValues(Map.of(":now", s(now.toString()), ":stale", s(now.minus(CLAIM).toString()))));
            return true;
        } catch (ConditionalCheckFailedException taken) {
            return false;
        }
    }

    private void finish(String id, Map<String, AttributeValue> outcome) {
        Map<String, AttributeValue> values = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        StringBuilder set = new StringBuilder("SET finishedAt = :finished");
        values.put(":finished", s(clock.instant().toString()));
        outcome.forEach((name, value) -> {
            set.append(", #").append(name).append(" = :").append(name);
            names.put("#" + name, name);
            values.put(":" + name, value);
        });
        try {
            dynamo.updateItem(b -> b.tableName(tableName).key(key(id)).updateExpression(set.toString())
                    .conditionExpression("attribute_not_exists(finishedAt)").expressionAttributeNames(names)
                    .expressionAttributeValues(values));
        } catch (ConditionalCheckFailedException alreadyFinished) {
            // a retried update that had landed, or another invocation's: the first outcome stands
        }
    }

    private static Map<String, AttributeValue> key(String id) {
        return Map.of(JobStore.JOB, s(id), JobStore.ITEM, s(ITEM));
    }

    private static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
