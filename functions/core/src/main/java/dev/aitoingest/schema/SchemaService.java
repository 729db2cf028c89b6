package dev.aitoingest.schema;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aitoingest.Json;
import dev.aitoingest.ServiceException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

/**
 * The schema API: database, table and column level. Every change is a read-modify-write of the
 * catalog item, retried when another change lands in between. Replacing a table starts a new data
 * generation, which is how a table is emptied without touching its old segments.
 */
public final class SchemaService {

    /** Counts a table's stored rows, so column changes can tell an empty table from one with data. */
    public interface RowCounter {
        long rows(String table, StoredTable stored);
    }

    private static final int MAX_ATTEMPTS = 20;

    private final SchemaStore store;
    private final RowCounter rowCounter;

    public SchemaService(SchemaStore store, RowCounter rowCounter) {
        this.store = store;
        this.rowCounter = rowCounter;
    }

    public SchemaCatalog catalog() {
        return store.read();
    }

    public StoredTable table(String table) {
        StoredTable stored = store.read().tables().get(table);
        if (stored == null) {
            throw ServiceException.noSuchTable(table);
        }
        return stored;
    }

    public SortedMap<String, TableSchema> database() {
        return store.read().schemas();
    }

    /** Replaces the whole schema; a table whose schema is unchanged keeps its rows. */
    public SortedMap<String, TableSchema> replaceDatabase(JsonNode body) {
        SortedMap<String, TableSchema> wanted = SchemaJson.readDatabase(body);
        change(catalog -> {
            SortedMap<String, StoredTable> next = new TreeMap<>();
            wanted.forEach((name, schema) -> {
                StoredTable current = catalog.tables().get(name);
                next.put(name, current != null && current.schema().equals(schema) && !current.reshapesRows()
                        ? current : StoredTable.fresh(newGeneration(), schema));
            });
            return next;
        });
        return wanted;
    }

    public List<String> deleteDatabase() {
        List<String> deleted = new ArrayList<>();
        change(catalog -> {
            deleted.clear();
            deleted.addAll(catalog.tables().keySet());
            return new TreeMap<>();
        });
        return deleted;
    }

    /** Creates the table, or replaces it and empties it. */
    public TableSchema putTable(String table, JsonNode body) {
        TableSchema schema = SchemaJson.readTable(table, body);
        change(catalog -> {
            SortedMap<String, TableSchema> schemas = catalog.schemas();
            schemas.put(table, schema);
            SchemaJson.checkLinks(table, schema, schemas);
            SortedMap<String, StoredTable> next = new TreeMap<>(catalog.tables());
            next.put(table, StoredTable.fresh(newGeneration(), schema));
            return next;
        });
        return schema;
    }

    public List<String> deleteTable(String table) {
        change(catalog -> {
            requireTable(catalog, table);
            SortedMap<String, StoredTable> next = new TreeMap<>(catalog.tables());
            next.remove(table);
            return next;
        });
        return List.of(table);
    }

    public ColumnSchema column(String table, String column) {
        ColumnSchema found = table(table).schema().column(column);
        if (found == null) {
            throw ServiceException.notFound("No such column: " + table + "." + column);
        }
        return found;
    }

    /**
     * Adds or changes one column. On a table that has rows, a new column must be nullable or come
     * with a {@code "value"} for the existing rows, and a changed column must keep every stored
     * row valid (same type, not newly non-nullable).
     */
    public ColumnSchema putColumn(String table, String column, JsonNode body) {
        JsonNode value = body != null && body.isObject() ? body.get("value") : null;
        JsonNode definition = body;
        if (value != null) {
            definition = ((ObjectNode) body).deepCopy();
            ((ObjectNode) definition).remove("value");
        }
        ColumnSchema wanted = SchemaJson.readColumn(table, column, definition);
        JsonNode fill = value;
        change(catalog -> {
            StoredTable stored = requireTable(catalog, table);
            ColumnSchema current = stored.schema().column(column);
            boolean empty = rowCounter.rows(table, stored) == 0;
            SortedMap<String, JsonNode> fills = new TreeMap<>(stored.fills());
            Set<String> dropped = new HashSet<>(stored.dropped());
            if (!empty) {
                checkColumnChange(table, column, current, wanted, fill, dropped);
            }
            if (fill != null && !fill.isNull() && current == null) {
                checkFill(table, column, wanted, fill);
                fills.put(column, fill.deepCopy());
            }
            SortedMap<String, ColumnSchema> columns = new TreeMap<>(stored.schema().columns());
            columns.put(column, wanted);
            TableSchema schema = new TableSchema(columns);
            SortedMap<String, TableSchema> schemas = catalog.schemas();
            schemas.put(table, schema);
            SchemaJson.checkLinks(table, schema, schemas);
            SortedMap<String, StoredTable> next = new TreeMap<>(catalog.tables());
            next.put(table, new StoredTable(stored.generation(), schema, fills, dropped));
            return next;
        });
        return wanted;
    }

    public List<String> deleteColumn(String table, String column) {
        change(catalog -> {
            StoredTable stored = requireTable(catalog, table);
            if (stored.schema().column(column) == null) {
                throw ServiceException.notFound("No such column: " + table + "." + column);
            }
            SortedMap<String, ColumnSchema> columns = new TreeMap<>(stored.schema().columns());
            columns.remove(column);
            SortedMap<String, JsonNode> fills = new TreeMap<>(stored.fills());
            fills.remove(column);
            Set<String> dropped = new HashSet<>(stored.dropped());
            dropped.add(column);
            SortedMap<String, StoredTable> next = new TreeMap<>(catalog.tables());
            next.put(table, new StoredTable(stored.generation(), new TableSchema(columns), fills, dropped));
            return next;
        });
        return List.of(table + "." + column);
    }

    private static void checkColumnChange(String table, String column, ColumnSchema current, ColumnSchema wanted,
                                          JsonNode fill, Set<String> dropped) {
        String name = "'" + table + "." + column + "'";
        if (current == null) {
            if (dropped.contains(column)) {
                throw ServiceException.conflict("Column " + name + " was deleted while the table has rows; "
                        + "re-create the table to use the name again");
            }
            if (!wanted.nullable() && (fill == null || fill.isNull())) {
                throw ServiceException.badRequest("Table '" + table + "' has rows: a new non-nullable column " + name
                        + " needs a \"value\" for them, or make it nullable");
            }
            return;
        }
        if (current.type() != wanted.type()) {
            throw ServiceException.conflict("Column " + name + " is " + current.type().displayName()
                    + " and the table has rows; re-create the table to change its type to " + wanted.type().displayName());
        }
        if (current.nullable() && !wanted.nullable()) {
            throw ServiceException.conflict("Column " + name + " is nullable and the table has rows; "
                    + "re-create the table to make it non-nullable");
        }
    }

    private static void checkFill(String table, String column, ColumnSchema wanted, JsonNode fill) {
        RowValidator validator = new RowValidator(new TableSchema(new TreeMap<>(Map.of(column, wanted))));
        ObjectNode row = Json.MAPPER.createObjectNode();
        row.set(column, fill);
        try (JsonParser p = row.traverse()) {
            p.nextToken();
            RowValidator.Problem problem = validator.validate(p);
            if (problem != null) {
                throw ServiceException.badRequest("\"value\" for column '" + table + "." + column + "': " + problem.message());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static StoredTable requireTable(SchemaCatalog catalog, String table) {
        StoredTable stored = catalog.tables().get(table);
        if (stored == null) {
            throw ServiceException.noSuchTable(table);
        }
        return stored;
    }

    private void change(Function<SchemaCatalog, SortedMap<String, StoredTable>> edit) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            SchemaCatalog catalog = store.read();
            if (store.replace(catalog, edit.apply(catalog))) {
                return;
            }
        }
        throw ServiceException.conflict("The schema is being changed by other requests; try again");
    }

    private static String newGeneration() {
        return UUID.randomUUID().toString();
    }
}
