package dev.aitoingest.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aitoingest.ServiceException;
import dev.aitoingest.schema.ColumnSchema;
import dev.aitoingest.schema.ColumnType;
import dev.aitoingest.schema.TableSchema;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A compiled {@code where}: equality, {@code $gt $gte $lt $lte $startsWith $has}, and
 * {@code $and $or $not}. Compiling checks every column and operator, so a query with a typo
 * fails with a 400 before any data is read.
 */
public final class RowFilter {

    private RowFilter() {
    }

    public static Predicate<JsonNode> compile(JsonNode where, String table, TableSchema schema) {
        if (where == null) {
            return row -> true;
        }
        if (!where.isObject()) {
            throw ServiceException.badRequest("\"where\" must be a JSON object, got " + where);
        }
        List<Predicate<JsonNode>> all = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = where.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String key = entry.getKey();
            JsonNode value = entry.getValue();
            switch (key) {
                case "$and" -> all.add(combine(value, table, schema, true));
                case "$or" -> all.add(combine(value, table, schema, false));
                case "$not" -> all.add(compile(value, table, schema).negate());
                default -> {
                    if (key.startsWith("$")) {
                        throw ServiceException.badRequest("Unknown operator \"" + key + "\" in \"where\"");
                    }
                    ColumnSchema column = schema.column(key);
                    if (column == null) {
                        throw ServiceException.badRequest("Unknown column '" + key + "' in \"where\": table '" + table
                                + "' has " + String.join(", ", schema.columns().keySet()));
                    }
                    all.add(column(key, column, value));
                }
            }
        }
        return row -> {
            for (Predicate<JsonNode> p : all) {
                if (!p.test(row)) {
                    return false;
                }
            }
            return true;
        };
    }

    private static Predicate<JsonNode> combine(JsonNode parts, String table, TableSchema schema, boolean and) {
        if (!parts.isArray()) {
            throw ServiceException.badRequest("\"" + (and ? "$and" : "$or") + "\" must be an array of conditions");
        }
        List<Predicate<JsonNode>> compiled = new ArrayList<>();
        parts.forEach(part -> compiled.add(compile(part, table, schema)));
        return row -> {
            for (Predicate<JsonNode> p : compiled) {
                if (p.test(row) != and) {
                    return !and;
                }
            }
            return and;
        };
    }

    private static Predicate<JsonNode> column(String name, ColumnSchema column, JsonNode condition) {
        if (!condition.isObject()) {
            return row -> Values.equal(row.get(name), condition);
        }
        List<Predicate<JsonNode>> all = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = condition.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> op = it.next();
            JsonNode operand = op.getValue();
            Predicate<JsonNode> test = switch (op.getKey()) {
                case "$gt" -> v -> Values.compare(v, operand) > 0;
                case "$gte" -> v -> Values.compare(v, operand) >= 0;
                case "$lt" -> v -> Values.compare(v, operand) < 0;
                case "$lte" -> v -> Values.compare(v, operand) <= 0;
                case "$startsWith" -> {
                    if (!operand.isTextual()) {
                        throw ServiceException.badRequest("\"$startsWith\" on column '" + name + "' needs a string");
                    }
                    yield v -> v != null && v.isTextual() && v.asText().startsWith(operand.asText());
                }
                case "$has" -> {
                    if (column.type() != ColumnType.TEXT || !operand.isTextual()) {
                        throw ServiceException.badRequest("\"$has\" needs a Text column and a string token; column '"
                                + name + "' is " + column.type().displayName());
                    }
                    String token = operand.asText().toLowerCase(Locale.ROOT);
                    yield v -> v != null && v.isTextual() && Tokens.of(v.asText(), column.analyzer()).contains(token);
                }
                default -> throw ServiceException.badRequest("Unknown operator \"" + op.getKey() + "\" on column '" + name + "'");
            };
            all.add(row -> {
                JsonNode value = row.get(name);
                return value != null && !value.isNull() && test.test(value);
            });
        }
        return row -> all.stream().allMatch(p -> p.test(row));
    }
}
