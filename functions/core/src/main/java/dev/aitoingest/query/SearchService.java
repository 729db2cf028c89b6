package dev.aitoingest.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aitoingest.Json;
import dev.aitoingest.ServiceException;
import dev.aitoingest.ingest.NdjsonLines;
import dev.aitoingest.ingest.RowLimits;
import dev.aitoingest.schema.SchemaService;
import dev.aitoingest.schema.StoredTable;
import dev.aitoingest.schema.TableSchema;
import dev.aitoingest.storage.Segment;
import dev.aitoingest.storage.SegmentStore;
import dev.aitoingest.storage.TableCommitLog;
import dev.aitoingest.storage.TableRef;
import dev.aitoingest.storage.TableState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Predicate;

/**
 * Reads rows back by scanning the table's live segments in commit order, which is insertion
 * order, so paging without {@code orderBy} is stable. Without a {@code where}, whole segments
 * before the page are skipped by their row counts and only the page's rows are parsed; with one,
 * segments whose column statistics show no row can match are never read ({@link SegmentSkipping}).
 */
public final class SearchService {

    private record Ranked(JsonNode row, long sequence) {
    }

    private final SchemaService schemas;
    private final TableCommitLog log;
    private final SegmentStore segments;

    /**
     * Lambda's 6 MB answer limit counts the response event, where the JSON body is itself a JSON
     * string: every quote and backslash in it is escaped. Rows stop well before that.
     */
    static final long MAX_ANSWER_BYTES = 5_500_000;

    public SearchService(SchemaService schemas, TableCommitLog log, SegmentStore segments) {
        this.schemas = schemas;
        this.log = log;
        this.segments = segments;
    }

    public SearchResult search(SearchRequest request) {
        StoredTable stored = schemas.table(request.from());
        TableSchema schema = stored.schema();
        Predicate<JsonNode> filter = RowFilter.compile(request.where(), request.from(), schema);
        requireColumn(request.from(), schema, request.orderBy(), "orderBy");
        if (request.select() != null) {
            request.select().forEach(column -> requireColumn(request.from(), schema, column, "select"));
        }
        TableState state = log.read(new TableRef(request.from(), stored.generation()));
        List<Segment> candidates = state.segments().stream().filter(SegmentSkipping.compile(request.where(), stored)).toList();
        List<JsonNode> hits;
        long total;
        if (request.where() == null && request.orderBy() == null) {
            total = state.rows();
            hits = page(stored, state.segments(), request.offset(), request.limit());
        } else if (request.orderBy() == null) {
            long[] matches = {0};
            List<JsonNode> window = new ArrayList<>();
            scan(stored, candidates, (node, sequence) -> {
                if (filter.test(node)) {
                    if (matches[0] >= request.offset() && window.size() < request.limit()) {
                        window.add(node);
                    }
                    matches[0]++;
                }
            });
            total = matches[0];
            hits = window;
        } else {
            Comparator<Ranked> order = order(request.orderBy(), request.descending());
            long keep = request.offset() + request.limit();
            PriorityQueue<Ranked> best = new PriorityQueue<>(order.reversed());
            long[] matches = {0};
            scan(stored, candidates, (node, sequence) -> {
                if (filter.test(node)) {
                    matches[0]++;
                    best.add(new Ranked(node, sequence));
                    if (best.size() > keep) {
                        best.poll();
                    }
                }
            });
            List<Ranked> sorted = new ArrayList<>(best);
            sorted.sort(order);
            hits = new ArrayList<>();
            for (long i = request.offset(); i < sorted.size(); i++) {
                hits.add(sorted.get((int) i).row());
            }
            total = matches[0];
        }
        List<JsonNode> projected = new ArrayList<>(hits.size());
        long answerBytes = 0;
        for (JsonNode hit : hits) {
            JsonNode row = select(hit, request.select());
            answerBytes += escapedSize(row);
            if (answerBytes > MAX_ANSWER_BYTES) {
                throw ServiceException.badRequest(String.format("The answer would be over %,d bytes after %d of %d rows "
                        + "(a Lambda function answers at most 6 MB); ask for fewer rows with limit, or fewer columns with select",
                        MAX_ANSWER_BYTES, projected.size(), hits.size()));
            }
            projected.add(row);
        }
        return new SearchResult(request.offset(), total, projected);
    }

    @FunctionalInterface
    private interface RowVisitor {
        void visit(JsonNode row, long sequence);
    }

    /** The rows at [offset, offset + limit) in insertion order, reading only the segments that hold them. */
    private List<JsonNode> page(StoredTable stored, List<Segment> live, long offset, int limit) {
        List<JsonNode> hits = new ArrayList<>();
        if (limit == 0) {
            return hits;
        }
        long skipped = 0;
        long end = 0;
        List<Segment> needed = new ArrayList<>();
        for (Segment segment : live) {
            if (needed.isEmpty() && skipped + segment.rows() <= offset) {
                skipped += segment.rows();
                end = skipped;
            } else if (end < offset + limit) {
                needed.add(segment);
                end += segment.rows();
            } else {
                break;
            }
        }
        long[] position = {skipped};
        segments.readInOrder(needed, (segment, in) -> {
            NdjsonLines lines = new NdjsonLines(in, RowLimits.MAX_ROW_BYTES + 1);
            while (hits.size() < limit && lines.next()) {
                if (lines.isBlank()) {
                    continue;
                }
                if (position[0] >= offset) {
                    hits.add(RowShape.reshape(stored, segment.schemaVersion(), parse(lines)));
                }
                position[0]++;
            }
        });
        return hits;
    }

    /** Every row of these segments in insertion order, reshaped to the table's current columns. */
    private void scan(StoredTable stored, List<Segment> candidates, RowVisitor visitor) {
        long[] sequence = {0};
        segments.readInOrder(candidates, (segment, in) -> {
            NdjsonLines lines = new NdjsonLines(in, RowLimits.MAX_ROW_BYTES + 1);
            while (lines.next()) {
                if (!lines.isBlank()) {
                    visitor.visit(RowShape.reshape(stored, segment.schemaVersion(), parse(lines)), sequence[0]++);
                }
            }
        });
    }

    private static JsonNode parse(NdjsonLines lines) throws IOException {
        return Json.MAPPER.readTree(lines.buffer(), lines.offset(), lines.length());
    }

    private static JsonNode select(JsonNode row, List<String> columns) {
        if (columns == null) {
            return row;
        }
        ObjectNode selected = Json.MAPPER.createObjectNode();
        for (String column : columns) {
            JsonNode value = row.get(column);
            selected.set(column, value == null ? Json.MAPPER.nullNode() : value);
        }
        return selected;
    }

    private static Comparator<Ranked> order(String column, boolean descending) {
        Comparator<Ranked> byValue = (a, b) -> Values.compare(a.row().get(column), b.row().get(column));
        if (descending) {
            Comparator<Ranked> asc = byValue;
            byValue = (a, b) -> {
                boolean aNull = a.row().get(column) == null || a.row().get(column).isNull();
                boolean bNull = b.row().get(column) == null || b.row().get(column).isNull();
                return aNull || bNull ? Boolean.compare(aNull, bNull) : -asc.compare(a, b);
            };
        }
        return byValue.thenComparingLong(Ranked::sequence);
    }

    private static void requireColumn(String table, TableSchema schema, String column, String where) {
        if (column != null && schema.column(column) == null) {
            throw ServiceException.badRequest("Unknown column '" + column + "' in \"" + where + "\": table '" + table
                    + "' has " + String.join(", ", schema.columns().keySet()));
        }
    }

    /** The bytes a row takes in the answer once escaped into the response event's body string. */
    private static long escapedSize(JsonNode row) {
        byte[] json;
        try {
            json = Json.MAPPER.writeValueAsBytes(row);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        long size = json.length + 1;
        for (byte b : json) {
            if (b == '"' || b == '\\') {
                size++;
            } else if (b >= 0 && b < 0x20) {
                size += 5;
            }
        }
        return size;
    }
}
