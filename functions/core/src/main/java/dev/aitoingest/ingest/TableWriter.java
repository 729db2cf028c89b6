package dev.aitoingest.ingest;

import dev.aitoingest.ServiceException;
import dev.aitoingest.schema.RowValidator;
import dev.aitoingest.schema.SchemaService;
import dev.aitoingest.schema.StoredTable;
import dev.aitoingest.storage.Segment;
import dev.aitoingest.storage.SegmentStore;
import dev.aitoingest.storage.SegmentWriter;
import dev.aitoingest.storage.StatsCollector;
import dev.aitoingest.storage.TableChangedException;
import dev.aitoingest.storage.TableCommitLog;
import dev.aitoingest.storage.TableRef;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The one commit path of every upload: rows are validated into a segment, the segment is written
 * to S3 (or, if small, kept inline in the commit), and one commit adds it to the table's log. Batch, stream and single-row uploads are
 * all-or-nothing: one invalid row and nothing is written at all. A commit carries the schema
 * version its rows were validated against, so rows of a schema that changed meanwhile never land.
 */
public final class TableWriter {

    /** Reads a request's rows, handing valid ones to the sink and invalid ones to the errors. */
    @FunctionalInterface
    interface RowReader {
        void read(RowValidator validator, RowSink sink, RejectedRows rejected) throws IOException;
    }

    /** How long a commit waits for a schema change under way to land: this many settles, about 0.1 s each. */
    private static final int SETTLE_ATTEMPTS = 50;
    private static final int REVALIDATIONS = 3;

    /** Told of every commit this writer makes: automatic compaction watches the table's segments. */
    @FunctionalInterface
    public interface CommitWatcher {
        void committed(TableRef ref, long version);
    }

    private final SchemaService schemas;
    private final SegmentStore segments;
    private final TableCommitLog log;
    private final int segmentLevel;
    private final CommitWatcher watcher;

    public TableWriter(SchemaService schemas, SegmentStore segments, TableCommitLog log, int segmentLevel, CommitWatcher watcher) {
        this.schemas = schemas;
        this.segments = segments;
        this.log = log;
        this.segmentLevel = segmentLevel;
        this.watcher = watcher;
    }

    /** A JSON array of rows; answers how many were stored. */
    public long appendBatch(String table, byte[] body) {
        return append(table, (validator, sink, rejected) -> JsonArrayRows.read(body, validator, sink, rejected));
    }

    /** NDJSON, one row per line; blank lines are skipped but keep their line numbers. */
    public long appendStream(String table, byte[] body) {
        return append(table, (validator, sink, rejected) -> {
            NdjsonLines lines = new NdjsonLines(new ByteArrayInputStream(body), RowLimits.MAX_ROW_BYTES);
            NdjsonRows rows = new NdjsonRows(validator, sink, rejected);
            while (lines.next()) {
                rows.accept(lines);
            }
        });
    }

    /** CSV with a header row, its cells typed by the table's schema; errors name the line where a record starts. */
    public long appendCsv(String table, byte[] body, CsvFormat format) {
        return append(table, (validator, sink, rejected) -> CsvRows.read(body, format, validator, sink, rejected));
    }

    /** One row; answers it as stored: the bytes it came in. */
    public byte[] appendOne(String table, byte[] body) {
        append(table, (validator, sink, rejected) -> SingleRow.read(body, validator, sink, rejected));
        return body;
    }

    /**
     * Writes one segment of rows validated against the table's {@code schemaVersion} and commits it;
     * the segment id makes a retried chunk idempotent. Refused ({@link TableChangedException}) when
     * the table changed under the rows: the caller validates them again, or gives up.
     */
    public Segment commit(TableRef ref, long schemaVersion, SegmentWriter writer, String segmentId) {
        Segment segment = segments.putOrInline(ref.segmentKey(segmentId), writer.finish(), writer.rows(), schemaVersion, writer.stats());
        for (int attempt = 1; ; attempt++) {
            try {
                watcher.committed(ref, log.commit(ref, schemaVersion, List.of(segment), List.of(), Map.of()));
                return segment;
            } catch (TableChangedException changed) {
                if (changed.retired() || attempt >= SETTLE_ATTEMPTS || !schemas.settle(ref, schemaVersion)) {
                    throw changed;
                }
            }
        }
    }

    /**
     * Validates and commits, first against the table as this process recently read it; a commit
     * refused because the table changed, or rows refused by a table that has changed since, are
     * validated again against the table as it is now.
     */
    private long append(String table, RowReader reader) {
        for (int attempt = 1; ; attempt++) {
            try {
                return appendOnce(table, reader, attempt > 1);
            } catch (TableChangedException changed) {
                if (attempt >= REVALIDATIONS) {
                    throw ServiceException.conflict(changed.getMessage() + ", again and again; nothing was stored: try again");
                }
            }
        }
    }

    private long appendOnce(String table, RowReader reader, boolean fresh) {
        StoredTable stored = fresh ? schemas.table(table) : schemas.recentTable(table);
        RowValidator validator = new RowValidator(stored.schema());
        FirstRowErrors errors = new FirstRowErrors();
        StatsCollector stats = validator.newStats();
        try (SegmentWriter writer = new SegmentWriter(segmentLevel, stats)) {
            reader.read(validator.reportingTo(stats), writer::accept, errors);
            if (!errors.isEmpty()) {
                if (!fresh && !schemas.table(table).equals(stored)) {
                    return appendOnce(table, reader, true);
                }
                throw errors.toException();
            }
            if (writer.rows() > 0) {
                commit(new TableRef(table, stored.generation()), stored.schemaVersion(), writer, UUID.randomUUID().toString());
            }
            return writer.rows();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
