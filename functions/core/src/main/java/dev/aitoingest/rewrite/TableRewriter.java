package dev.aitoingest.rewrite;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aitoingest.Json;
import dev.aitoingest.ServiceException;
import dev.aitoingest.ingest.NdjsonLines;
import dev.aitoingest.ingest.RowLimits;
import dev.aitoingest.query.RowFilter;
import dev.aitoingest.query.RowShape;
import dev.aitoingest.schema.RowValidator;
import dev.aitoingest.schema.SchemaService;
import dev.aitoingest.schema.StoredTable;
import dev.aitoingest.storage.Segment;
import dev.aitoingest.storage.SegmentStats;
import dev.aitoingest.storage.SegmentStore;
import dev.aitoingest.storage.SegmentWriter;
import dev.aitoingest.storage.StaleRemovalException;
import dev.aitoingest.storage.StatsCollector;
import dev.aitoingest.storage.TableChangedException;
import dev.aitoingest.storage.TableCommitLog;
import dev.aitoingest.storage.TableRef;
import dev.aitoingest.storage.TableState;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Copy-on-write rewrites of a table's segments: deleting rows and merging small segments. Each
 * plans against one state of the log, writes new segments, and commits the swap (removes and adds,
 * each add in the place of what it replaces, so insertion order holds) in one commit. Uploads that
 * land meanwhile only add segments and are kept; a commit whose removed segments another rewrite
 * already removed, or whose table's schema changed, is planned again, never forced.
 */
public final class TableRewriter {

    private static final int PLANS = 10;

    private final SchemaService schemas;
    private final SegmentStore segments;
    private final TableCommitLog log;
    private final int segmentLevel;
    private final long targetSegmentBytes;
    private final GarbageCollector garbage;

    /** {@code targetSegmentBytes}: optimize merges neighbouring segments until a merged one holds about this much (compressed). */
    public TableRewriter(SchemaService schemas, SegmentStore segments, TableCommitLog log, int segmentLevel, long targetSegmentBytes,
                         GarbageCollector garbage) {
        this.schemas = schemas;
        this.segments = segments;
        this.log = log;
        this.segmentLevel = segmentLevel;
        this.targetSegmentBytes = targetSegmentBytes;
        this.garbage = garbage;
    }

    /** A {@code _delete} body: the table, and which rows (all of them without {@code where}). */
    public record DeleteRequest(String from, JsonNode where) {

        public static DeleteRequest parse(JsonNode body) {
            if (body == null || !body.isObject()) {
                throw ServiceException.badRequest("The body must be a JSON object: {\"from\": <table>, \"where\": {...}}");
            }
            body.fieldNames().forEachRemaining(field -> {
                if (!field.equals("from") && !field.equals("where")) {
                    throw ServiceException.badRequest("Unknown field \"" + field + "\" in the delete; allowed: from, where");
                }
            });
            JsonNode from = body.get("from");
            if (from == null || !from.isTextual()) {
                throw ServiceException.badRequest("\"from\" must name the table to delete from");
            }
            JsonNode where = body.get("where");
            return new DeleteRequest(from.asText(), where == null || where.isNull() ? null : where);
        }

        /** Checks the table and the where now, so a job is refused at once rather than failing later. */
        public void check(SchemaService schemas) {
            RowFilter.compile(where, from, schemas.table(from).schema());
        }
    }

    /** Deletes the rows {@code where} matches; answers how many there were. */
    public long delete(DeleteRequest request) {
        for (int plan = 0; plan < PLANS; plan++) {
            StoredTable stored = schemas.table(request.from());
            Predicate<JsonNode> matches = RowFilter.compile(request.where(), request.from(), stored.schema());
            RowValidator statistics = new RowValidator(stored.schema());
            TableRef ref = new TableRef(request.from(), stored.generation());
            TableState state = log.read(ref);
            Swap swap = new Swap();
            long deleted = 0;
            for (Segment segment : state.segments()) {
                StatsCollector stats = statistics.newStats();
                try (SegmentWriter kept = new SegmentWriter(segmentLevel, stats); InputStream in = segments.open(segment)) {
                    long gone = 0;
                    NdjsonLines lines = new NdjsonLines(in, RowLimits.MAX_ROW_BYTES + 1);
                    while (lines.next()) {
                        if (lines.isBlank()) {
                            continue;
                        }
                        JsonNode row = Json.MAPPER.readTree(lines.buffer(), lines.offset(), lines.length());
                        JsonNode shaped = RowShape.reshape(stored, segment.schemaVersion(), row);
                        if (matches.test(shaped)) {
                            gone++;
                        } else {
                            statistics.reportParsed(shaped, stats);
                            kept.accept(lines.buffer(), lines.offset(), lines.length());
                        }
                    }
                    if (gone > 0) {
                        deleted += gone;
                        swap.replace(List.of(segment), kept.rows() == 0 ? null : store(ref, kept, segment.schemaVersion(), kept.stats()));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            if (swap.isEmpty() || swap.commit(ref, stored.schemaVersion())) {
                return deleted;
            }
        }
        throw ServiceException.conflict("Table '" + request.from() + "' is changed by other requests all the time; try again");
    }

    /**
     * Merges runs of neighbouring small segments (rows validated against the same schema version)
     * into segments of about the target size, then leaves a checkpoint of the log, so a new reader
     * folds nothing, and collects the garbage of earlier rewrites and replaced tables. What any
     * reader sees is the same before and after.
     */
    public void optimize(String table) {
        for (int plan = 0; plan < PLANS; plan++) {
            StoredTable stored = schemas.table(table);
            TableRef ref = new TableRef(table, stored.generation());
            TableState state = log.read(ref);
            Swap swap = new Swap();
            for (List<Segment> run : runs(state.segments())) {
                try (SegmentWriter merged = new SegmentWriter(segmentLevel, new StatsCollector(List.of(), List.of()))) {
                    for (Segment segment : run) {
                        try (InputStream in = segments.open(segment)) {
                            NdjsonLines lines = new NdjsonLines(in, RowLimits.MAX_ROW_BYTES + 1);
                            while (lines.next()) {
                                if (!lines.isBlank()) {
                                    merged.accept(lines.buffer(), lines.offset(), lines.length());
                                }
                            }
                        }
                    }
                    swap.replace(run, store(ref, merged, run.get(0).schemaVersion(), SegmentStats.merge(run)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            if (swap.isEmpty() || swap.commit(ref, stored.schemaVersion())) {
                log.checkpoint(ref);
                garbage.collect(table);
                return;
            }
        }
        throw ServiceException.conflict("Table '" + table + "' is changed by other requests all the time; try again");
    }

    /** Runs of two or more neighbouring segments, each small, of one schema version, adding up to about the target. */
    private List<List<Segment>> runs(List<Segment> live) {
        List<List<Segment>> runs = new ArrayList<>();
        List<Segment> run = new ArrayList<>();
        long bytes = 0;
        for (Segment segment : live) {
            boolean fits = segment.bytes() < targetSegmentBytes / 2 && bytes + segment.bytes() <= targetSegmentBytes
                    && (run.isEmpty() || run.get(0).schemaVersion() == segment.schemaVersion());
            if (!fits) {
                close(runs, run);
                run = new ArrayList<>();
                bytes = 0;
                if (segment.bytes() >= targetSegmentBytes / 2) {
                    continue;
                }
            }
            run.add(segment);
            bytes += segment.bytes();
        }
        close(runs, run);
        return runs;
    }

    private static void close(List<List<Segment>> runs, List<Segment> run) {
        if (run.size() > 1) {
            runs.add(run);
        }
    }

    private Segment store(TableRef ref, SegmentWriter writer, long schemaVersion, SegmentStats stats) {
        return segments.put(ref.segmentKey(UUID.randomUUID().toString()), writer.finish(), writer.rows(), schemaVersion, stats);
    }

    /** The removes and adds of one rewrite, each add in the place of the first segment it replaces. */
    private final class Swap {
        private final List<String> removes = new ArrayList<>();
        private final List<Segment> adds = new ArrayList<>();
        private final Map<String, String> places = new HashMap<>();

        void replace(List<Segment> old, Segment replacement) {
            old.forEach(segment -> removes.add(segment.key()));
            if (replacement != null) {
                adds.add(replacement);
                places.put(replacement.key(), old.get(0).key());
            }
        }

        boolean isEmpty() {
            return removes.isEmpty();
        }

        /** True when it landed; false when the table changed under the plan (the new segments are then garbage). */
        boolean commit(TableRef ref, long schemaVersion) {
            try {
                log.commit(ref, schemaVersion, adds, removes, places);
                return true;
            } catch (StaleRemovalException | TableChangedException changed) {
                // planned again against the table as it is now (a replaced table: its new generation)
                return false;
            }
        }
    }
}
