package dev.aitoingest.ingest;

import dev.aitoingest.schema.RowValidator;
import dev.aitoingest.schema.SchemaService;
import dev.aitoingest.schema.StoredTable;
import dev.aitoingest.storage.Segment;
import dev.aitoingest.storage.SegmentStore;
import dev.aitoingest.storage.SegmentWriter;
import dev.aitoingest.storage.TableCommitLog;
import dev.aitoingest.storage.TableRef;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.UUID;

/**
 * The one commit path of every upload: rows are validated into a segment, the segment is written
 * to S3, and one commit adds it to the table's log. Batch, stream and single-row uploads are
 * all-or-nothing: one invalid row and nothing is written at all.
 */
public final class TableWriter {

    /** Reads a request's rows, handing valid ones to the sink and invalid ones to the errors. */
    @FunctionalInterface
    interface RowReader {
        void read(RowValidator validator, RowSink sink, RejectedRows rejected) throws IOException;
    }

    private final SchemaService schemas;
    private final SegmentStore segments;
    private final TableCommitLog log;
    private final int segmentLevel;

    public TableWriter(SchemaService schemas, SegmentStore segments, TableCommitLog log, int segmentLevel) {
        this.schemas = schemas;
        this.segments = segments;
        this.log = log;
        this.segmentLevel = segmentLevel;
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

    /** One row; answers it as stored: the bytes it came in. */
    public byte[] appendOne(String table, byte[] body) {
        append(table, (validator, sink, rejected) -> SingleRow.read(body, validator, sink, rejected));
        return body;
    }

    /** Writes one segment of validated rows and commits it; the segment id makes a retried chunk idempotent. */
    public Segment commit(TableRef ref, SegmentWriter writer, String segmentId) {
        Segment segment = segments.put(ref.segmentKey(segmentId), writer.finish(), writer.rows());
        log.commit(ref, List.of(segment), List.of());
        return segment;
    }

    private long append(String table, RowReader reader) {
        StoredTable stored = schemas.table(table);
        RowValidator validator = new RowValidator(stored.schema());
        FirstRowErrors errors = new FirstRowErrors();
        try (SegmentWriter writer = new SegmentWriter(segmentLevel)) {
            reader.read(validator, writer::accept, errors);
            if (!errors.isEmpty()) {
                throw errors.toException();
            }
            if (writer.rows() > 0) {
                commit(new TableRef(table, stored.generation()), writer, UUID.randomUUID().toString());
            }
            return writer.rows();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
