package dev.aitoingest.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aitoingest.ServiceException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * A {@code _search} / {@code _query} body: {@code from}, {@code where}, {@code orderBy},
 * {@code select} (null: whole rows), {@code offset}, {@code limit} (default 10).
 */
public record SearchRequest(String from, JsonNode where, String orderBy, boolean descending, List<String> select,
                            long offset, int limit) {

    public static final int DEFAULT_LIMIT = 10;
    public static final int MAX_LIMIT = 10_000;
    private static final Set<String> FIELDS = Set.of("from", "where", "orderBy", "select", "offset", "limit");

    public static SearchRequest parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ServiceException.badRequest("The query must be a JSON object");
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!FIELDS.contains(field)) {
                throw ServiceException.badRequest("Unknown field \"" + field + "\" in the query; allowed: from, where, orderBy, select, offset, limit");
            }
        }
        JsonNode from = body.get("from");
        if (from == null || !from.isTextual()) {
            throw ServiceException.badRequest("The query needs \"from\": the name of a table");
        }
        JsonNode where = body.get("where");
        if (where != null && where.isNull()) {
            where = null;
        }
        String orderBy = null;
        boolean descending = false;
        JsonNode order = body.get("orderBy");
        if (order != null && !order.isNull()) {
            if (order.isTextual()) {
                orderBy = order.asText();
            } else if (order.isObject() && order.size() == 1 && (order.has("$asc") || order.has("$desc"))
                    && order.elements().next().isTextual()) {
                descending = order.has("$desc");
                orderBy = order.elements().next().asText();
            } else {
                throw ServiceException.badRequest("\"orderBy\" must be a column name, {\"$asc\": column} or {\"$desc\": column}");
            }
        }
        List<String> select = null;
        JsonNode selected = body.get("select");
        if (selected != null && !selected.isNull()) {
            if (!selected.isArray()) {
                throw ServiceException.badRequest("\"select\" must be an array of column names, or null");
            }
            select = new ArrayList<>();
            for (JsonNode column : selected) {
                if (!column.isTextual()) {
                    throw ServiceException.badRequest("\"select\" must list column names as strings, got " + column);
                }
                select.add(column.asText());
            }
        }
        long offset = number(body, "offset", 0, Long.MAX_VALUE);
        int limit = (int) number(body, "limit", DEFAULT_LIMIT, MAX_LIMIT);
        if (orderBy != null && offset + limit > MAX_ORDERED_WINDOW) {
            throw ServiceException.badRequest(String.format("With orderBy, offset + limit may be at most %,d (got %,d); "
                    + "page without orderBy, in insertion order, to go further", MAX_ORDERED_WINDOW, offset + limit));
        }
        return new SearchRequest(from.asText(), where, orderBy, descending, select, offset, limit);
    }

    /** An ordered page keeps offset + limit rows in memory while it scans: Elasticsearch's max_result_window. */
    static final long MAX_ORDERED_WINDOW = 10_000;

    private static long number(JsonNode body, String field, long fallback, long max) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0 || node.longValue() > max) {
            throw ServiceException.badRequest("\"" + field + "\" must be an integer from 0 to " + max + ", got " + node);
        }
        return node.longValue();
    }
}
