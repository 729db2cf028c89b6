package dev.aitoingest.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aitoingest.ServiceException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads schema documents as clients send them and writes them in the normalised form every
 * answer uses: explicit {@code nullable}, columns sorted, {@code "type": "table"} on each table.
 */
public final class SchemaJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    private static final Set<String> TABLE_FIELDS = Set.of("type", "columns");
    private static final Set<String> COLUMN_FIELDS = Set.of("type", "nullable", "link", "analyzer");
    private static final Set<String> ANALYZER_TYPES = Set.of("language", "delimiter", "char-ngram", "token-ngram");

    private SchemaJson() {
    }

    /** {@code {"schema": {<table>: <table schema>}}}; links are checked against the result. */
    public static SortedMap<String, TableSchema> readDatabase(JsonNode body) {
        JsonNode schema = requireObject(body, "The body").get("schema");
        if (schema == null) {
            throw ServiceException.badRequest("The body must have a \"schema\" object");
        }
        requireObject(schema, "\"schema\"");
        SortedMap<String, TableSchema> tables = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            tables.put(entry.getKey(), readTable(entry.getKey(), entry.getValue()));
        }
        tables.forEach((name, table) -> checkLinks(name, table, tables));
        return tables;
    }

    /** One table's schema; its links are not checked here (see {@link #checkLinks}). */
    public static TableSchema readTable(String table, JsonNode node) {
        Names.requireValidTable(table);
        requireObject(node, "The schema of table '" + table + "'");
        rejectUnknownFields(node, TABLE_FIELDS, "table '" + table + "'");
        JsonNode type = node.get("type");
        if (type != null && !(type.isTextual() && type.asText().equalsIgnoreCase("table"))) {
            throw ServiceException.badRequest("Table '" + table + "': \"type\" must be \"table\", got " + type);
        }
        JsonNode columns = node.get("columns");
        if (columns == null || !columns.isObject()) {
            throw ServiceException.badRequest("Table '" + table + "' must have a \"columns\" object");
        }
        SortedMap<String, ColumnSchema> parsed = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = columns.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            parsed.put(entry.getKey(), readColumn(table, entry.getKey(), entry.getValue()));
        }
        return new TableSchema(parsed);
    }

    public static ColumnSchema readColumn(String table, String column, JsonNode node) {
        Names.requireValidColumn(column);
        String where = "Column '" + table + "." + column + "'";
        requireObject(node, where);
        rejectUnknownFields(node, COLUMN_FIELDS, "column '" + table + "." + column + "'");
        JsonNode typeNode = node.get("type");
        if (typeNode == null || !typeNode.isTextual()) {
            throw ServiceException.badRequest(where + " must have a \"type\": one of Boolean, Int, Long, Decimal, String, Text, Json");
        }
        ColumnType type = ColumnType.parse(typeNode.asText()).orElseThrow(() -> ServiceException.badRequest(
                where + ": unknown type \"" + typeNode.asText() + "\"; expected one of Boolean, Int, Long, Decimal, String, Text, Json"));
        boolean nullable = false;
        JsonNode nullableNode = node.get("nullable");
        if (nullableNode != null && !nullableNode.isNull()) {
            if (!nullableNode.isBoolean()) {
                throw ServiceException.badRequest(where + ": \"nullable\" must be true or false, got " + nullableNode);
            }
            nullable = nullableNode.booleanValue();
        }
        String link = null;
        JsonNode linkNode = node.get("link");
        if (linkNode != null && !linkNode.isNull()) {
            if (!linkNode.isTextual() || linkTarget(linkNode.asText()) == null) {
                throw ServiceException.badRequest(where + ": \"link\" must be \"<table>.<column>\", got " + linkNode);
            }
            link = linkNode.asText();
        }
        JsonNode analyzer = node.get("analyzer");
        if (analyzer != null && !analyzer.isNull()) {
            if (type != ColumnType.TEXT) {
                throw ServiceException.badRequest(where + ": an analyzer is only allowed on Text columns, not on " + type.displayName());
            }
            checkAnalyzer(where, analyzer);
        } else {
            analyzer = null;
        }
        return new ColumnSchema(type, nullable, link, analyzer == null ? null : analyzer.deepCopy());
    }

    /** Every link of {@code table} must name an existing table and column of {@code database}. */
    public static void checkLinks(String table, TableSchema schema, Map<String, TableSchema> database) {
        schema.columns().forEach((column, type) -> {
            if (type.link() == null) {
                return;
            }
            String[] target = linkTarget(type.link());
            TableSchema linked = database.get(target[0]);
            if (linked == null || linked.column(target[1]) == null) {
                throw ServiceException.badRequest("Column '" + table + "." + column + "' links to " + type.link()
                        + ", which is not an existing table and column");
            }
        });
    }

    public static ObjectNode writeDatabase(Map<String, TableSchema> tables) {
        ObjectNode schema = NODES.objectNode();
        new TreeMap<>(tables).forEach((name, table) -> schema.set(name, writeTable(table)));
        ObjectNode root = NODES.objectNode();
        root.set("schema", schema);
        return root;
    }

    public static ObjectNode writeTable(TableSchema table) {
        ObjectNode node = NODES.objectNode();
        node.put("type", "table");
        ObjectNode columns = node.putObject("columns");
        table.columns().forEach((name, column) -> columns.set(name, writeColumn(column)));
        return node;
    }

    public static ObjectNode writeColumn(ColumnSchema column) {
        ObjectNode node = NODES.objectNode();
        node.put("type", column.type().displayName());
        node.put("nullable", column.nullable());
        if (column.link() != null) {
            node.put("link", column.link());
        }
        if (column.analyzer() != null) {
            node.set("analyzer", column.analyzer().deepCopy());
        }
        return node;
    }

    private static String[] linkTarget(String link) {
        int dot = link.indexOf('.');
        if (dot <= 0 || dot == link.length() - 1 || link.indexOf('.', dot + 1) >= 0) {
            return null;
        }
        return new String[] {link.substring(0, dot), link.substring(dot + 1)};
    }

    private static void checkAnalyzer(String where, JsonNode analyzer) {
        if (analyzer.isTextual()) {
            if (analyzer.asText().isBlank()) {
                throw ServiceException.badRequest(where + ": \"analyzer\" must not be empty");
            }
            return;
        }
        if (!analyzer.isObject()) {
            throw ServiceException.badRequest(where + ": \"analyzer\" must be a string or an object, got " + analyzer);
        }
        JsonNode type = analyzer.get("type");
        if (type == null || !type.isTextual() || !ANALYZER_TYPES.contains(type.asText())) {
            throw ServiceException.badRequest(where + ": an analyzer object needs a \"type\" of "
                    + "language, delimiter, char-ngram or token-ngram, got " + type);
        }
        if (type.asText().equals("char-ngram")) {
            JsonNode min = analyzer.get("minGram");
            JsonNode max = analyzer.get("maxGram");
            if (min == null || max == null || !min.canConvertToInt() || !max.canConvertToInt() || !min.isIntegralNumber()
                    || !max.isIntegralNumber() || min.intValue() < 1 || max.intValue() < min.intValue()) {
                throw ServiceException.badRequest(where + ": a char-ngram analyzer needs integers 1 <= minGram <= maxGram");
            }
        }
    }

    private static JsonNode requireObject(JsonNode node, String what) {
        if (node == null || !node.isObject()) {
            throw ServiceException.badRequest(what + " must be a JSON object, got " + JsonKinds.describe(node));
        }
        return node;
    }

    private static void rejectUnknownFields(JsonNode node, Set<String> allowed, String what) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!allowed.contains(field)) {
                throw ServiceException.badRequest("Unknown field \"" + field + "\" in " + what + "; allowed: " + String.join(", ", new TreeSet<>(allowed)));
            }
        }
    }
}
