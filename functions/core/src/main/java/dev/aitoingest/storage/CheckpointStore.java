package dev.aitoingest.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aitoingest.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Checkpoints of a table generation's folded commit log, as JSON objects beside its segments
 * ({@code tables/<table>/<generation>/_checkpoints/<version>.json}), as Delta Lake keeps them: a
 * new reader starts from the latest one instead of folding the log from its first commit. Inline
 * segments travel in them, base64, so the log items they came in may go.
 */
public final class CheckpointStore {

    private final S3Client s3;
    private final String bucket;

    public CheckpointStore(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    public void save(TableRef ref, TableState state) {
        ObjectNode root = Json.MAPPER.createObjectNode().put("version", state.version());
        ArrayNode segments = root.putArray("segments");
        for (Segment segment : state.segments()) {
            ObjectNode saved = segments.addObject().put("key", segment.key()).put("rows", segment.rows())
                    .put("bytes", segment.bytes()).put("schemaVersion", segment.schemaVersion());
            if (segment.isInline()) {
                saved.put("inline", segment.inline());
            }
            if (!segment.stats().columns().isEmpty()) {
                ObjectNode stats = saved.putObject("stats");
                segment.stats().columns().forEach((name, column) -> {
                    ObjectNode c = stats.putObject(name).put("nulls", column.nulls());
                    if (column.min() != null) {
                        c.set("min", column.min());
                    }
                    if (column.max() != null) {
                        c.set("max", column.max());
                    }
                });
            }
        }
        root.putObject("fence").put("schemaVersion", state.fence().schemaVersion()).put("since", state.fence().since())
                .put("retired", state.fence().retired());
        ObjectNode removed = root.putObject("removedAt");
        state.removed().forEach(removed::put);
        try {
            byte[] json = Json.MAPPER.writeValueAsBytes(root);
            s3.putObject(b -> b.bucket(bucket).key(key(ref, state.version())).contentType("application/json"), RequestBody.fromBytes(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public TableState load(TableRef ref, long version) {
        JsonNode root;
        try (InputStream in = s3.getObject(b -> b.bucket(bucket).key(key(ref, version)))) {
            root = Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Segment> segments = new ArrayList<>();
        for (JsonNode s : root.path("segments")) {
            segments.add(new Segment(s.get("key").asText(), s.get("rows").asLong(), s.get("bytes").asLong(),
                    s.path("schemaVersion").asLong(), stats(s.path("stats")), s.hasNonNull("inline") ? Base64.getDecoder().decode(s.get("inline").asText()) : null));
        }
        Map<String, Long> removed = new HashMap<>();
        root.path("removedAt").fields().forEachRemaining(r -> removed.put(r.getKey(), r.getValue().asLong()));
        // checkpoints written before removals had times: long enough ago
        root.path("removed").forEach(r -> removed.put(r.asText(), 0L));
        JsonNode fence = root.path("fence");
        return TableState.restore(root.get("version").asLong(), segments, removed,
                new TableState.Fence(fence.path("schemaVersion").asLong(), fence.path("since").asLong(), fence.path("retired").asBoolean()));
    }

    /** A checkpoint written before segments carried statistics has none: its segments are never skipped. */
    private static SegmentStats stats(JsonNode stats) {
        Map<String, SegmentStats.Column> columns = new HashMap<>();
        stats.fields().forEachRemaining(c -> columns.put(c.getKey(), new SegmentStats.Column(c.getValue().get("nulls").asLong(),
                c.getValue().get("min"), c.getValue().get("max"))));
        return columns.isEmpty() ? SegmentStats.NONE : new SegmentStats(columns);
    }

    static String key(TableRef ref, long version) {
        return ref.dataPrefix() + "_checkpoints/" + String.format("%020d", version) + ".json";
    }
}
