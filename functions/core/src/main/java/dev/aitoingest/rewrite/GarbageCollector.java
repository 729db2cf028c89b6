package dev.aitoingest.rewrite;

import dev.aitoingest.schema.SchemaCatalog;
import dev.aitoingest.schema.SchemaService;
import dev.aitoingest.schema.StoredTable;
import dev.aitoingest.storage.SegmentStore;
import dev.aitoingest.storage.TableCommitLog;
import dev.aitoingest.storage.TableRef;
import dev.aitoingest.storage.TableState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Deletes table data nobody can read any more, never before a grace period longer than the
 * longest read (an API request's 30 s, a job's 15 minutes): in a table's current generation, the
 * objects no live commit names that were removed (or, never committed, written) longer ago than
 * that; and whole generations, of this table or of dropped ones, retired longer ago than that.
 * Checkpoints of the current generation stay: a new reader starts from the latest.
 */
public final class GarbageCollector {

    static final Duration GRACE = Duration.ofHours(1);
    private static final String CHECKPOINTS = "_checkpoints/";

    private final SchemaService schemas;
    private final SegmentStore segments;
    private final TableCommitLog log;
    private final Clock clock;

    public GarbageCollector(SchemaService schemas, SegmentStore segments, TableCommitLog log, Clock clock) {
        this.schemas = schemas;
        this.segments = segments;
        this.log = log;
        this.clock = clock;
    }

    /** Collects the table's garbage and that of dropped tables; answers how many objects went. */
    public int collect(String table) {
        Instant before = clock.instant().minus(GRACE);
        SchemaCatalog catalog = schemas.catalog();
        StoredTable stored = catalog.tables().get(table);
        int deleted = 0;
        if (stored != null) {
            TableRef current = new TableRef(table, stored.generation());
            TableState state = log.read(current);
            Map<String, Long> removed = state.removed();
            for (SegmentStore.StoredObject object : segments.list(current.dataPrefix())) {
                Long removedAt = removed.get(object.key());
                boolean old = object.lastModified().isBefore(before)
                        && (removedAt == null || Instant.ofEpochMilli(removedAt).isBefore(before));
                if (old && !state.isLive(object.key()) && !object.key().startsWith(current.dataPrefix() + CHECKPOINTS)) {
                    segments.delete(object.key());
                    deleted++;
                }
            }
        }
        for (String tableFolder : segments.folders("tables/")) {
            String name = tableFolder.substring("tables/".length(), tableFolder.length() - 1);
            StoredTable live = catalog.tables().get(name);
            if (!name.equals(table) && live != null) {
                continue;
            }
            for (String generationFolder : segments.folders(tableFolder)) {
                String generation = generationFolder.substring(tableFolder.length(), generationFolder.length() - 1);
                if (live != null && live.generation().equals(generation)) {
                    continue;
                }
                TableState.Fence fence = log.read(new TableRef(name, generation)).fence();
                if (fence.retired() && Instant.ofEpochMilli(fence.since()).isBefore(before)) {
                    for (SegmentStore.StoredObject object : segments.list(generationFolder)) {
                        segments.delete(object.key());
                        deleted++;
                    }
                }
            }
        }
        return deleted;
    }
}
