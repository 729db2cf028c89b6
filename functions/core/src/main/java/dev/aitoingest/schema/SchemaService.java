package dev.aitoingest.schema;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aitoingest.Json;
import dev.aitoingest.ServiceException;
import dev.aitoingest.storage.TableCommitLog;
import dev.aitoingest.storage.TableRef;
import dev.aitoingest.storage.TableState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
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
 * generation, which is how a table is emptied without touching its old segments; the old
 * generation is then retired in its log, so no upload can still land in it.
 *
 * <p>A column change on a table with data goes through the table's log first: a schema fence that
 * stands only where the table has rows exactly when it had them where the change was decided
 * (whether it has any is all a change is decided on), then the catalog. An upload
 * validated against the schema before the fence is refused at its commit and validated again, so
 * no row of the old shape lands after the change. A fence whose catalog change never came (the
 * change crashed in between) is set back after {@link #ABANDONED_FENCE}.
 */
public final class SchemaService {

    private static final int MAX_ATTEMPTS = 50;
    static final Duration ABANDONED_FENCE = Duration.ofSeconds(60);
    /** Any age is safe (a stale catalog costs a refused commit and a second validation); 10 s keeps catalog reads off most uploads. */
    private static final Duration RECENT = Duration.ofSeconds(10);

    private final SchemaStore store;
    private final TableCommitLog log;

    public SchemaService(SchemaStore store, TableCommitLog log) {
        this.store = store;
        this.log = log;
    }

    public SchemaCatalog catalog() {
        return store.read();
    }

    public StoredTable table(String table) {
        return requireTable(store.read(), table);
    }

    /**
     * The table as an upload validates against it: as this process read it less than
     * {@link #RECENT} ago, or read now. The upload's commit is refused if the table changed since
     * (a fence, a retired generation), and it validates again against {@link #table}.
     */
    public StoredTable recentTable(String table) {
        StoredTable stored = store.recent(RECENT).tables().get(table);
        return stored != null ? stored : table(table);
    }

    public SortedMap<String, TableSchema> database() {
        return store.read().schemas();
    }

    /** Replaces the whole schema; a table whose schema is unchanged keeps its rows, whatever columns it gained or lost before. */
    public SortedMap<String, TableSchema> replaceDatabase(JsonNode body) {
        SortedMap<String, TableSchema> wanted = SchemaJson.readDatabase(body);
        change(catalog -> {
            SortedMap<String, StoredTable> next = new TreeMap<>();
            wanted.forEach((name, schema) -> {
                StoredTable current = catalog.tables().get(name);
                next.put(name, current != null && current.schema().equals(schema) ? current : StoredTable.fresh(newGeneration(), schema));
            });
            return next;
        });
        return wanted;
    }

    public List<String> deleteDatabase() {
        return new ArrayList<>(change(catalog -> new TreeMap<>()).before().tables().keySet());
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
            requireNotLinked(catalog, table, null);
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
        changeColumns(table, (catalog, stored, rows, version) -> {
            ColumnSchema current = stored.schema().column(column);
            SortedMap<String, StoredTable.Fill> fills = new TreeMap<>(stored.fills());
            Set<String> dropped = new HashSet<>(stored.dropped());
            if (rows > 0) {
                checkColumnChange(table, column, current, wanted, fill, dropped);
            }
            if (fill != null && !fill.isNull() && current == null) {
                checkFill(table, column, wanted, fill);
                fills.put(column, new StoredTable.Fill(fill.deepCopy(), version));
            }
            SortedMap<String, ColumnSchema> columns = new TreeMap<>(stored.schema().columns());
            columns.put(column, wanted);
            TableSchema schema = new TableSchema(columns);
            SortedMap<String, TableSchema> schemas = catalog.schemas();
            schemas.put(table, schema);
            SchemaJson.checkLinks(table, schema, schemas);
            return new StoredTable(stored.generation(), version, schema, fills, dropped);
        });
        return wanted;
    }

    public List<String> deleteColumn(String table, String column) {
        changeColumns(table, (catalog, stored, rows, version) -> {
            if (stored.schema().column(column) == null) {
                throw ServiceException.notFound("No such column: " + table + "." + column);
            }
            requireNotLinked(catalog, table, column);
            SortedMap<String, ColumnSchema> columns = new TreeMap<>(stored.schema().columns());
            columns.remove(column);
            SortedMap<String, StoredTable.Fill> fills = new TreeMap<>(stored.fills());
            fills.remove(column);
            Set<String> dropped = new HashSet<>(stored.dropped());
            dropped.add(column);
            return new StoredTable(stored.generation(), version, new TableSchema(columns), fills, dropped);
        });
        return List.of(table + "." + column);
    }

    /**
     * What a writer whose commit was refused for a schema change should do: true to try the same
     * commit again (a fence was set right, or a change is still under way), false to validate its
     * rows again against the table as it is now.
     */
    public boolean settle(TableRef ref, long validatedVersion) {
        StoredTable stored = store.read().tables().get(ref.table());
        if (stored == null || !stored.generation().equals(ref.generation())) {
            return false;
        }
        TableState state = log.read(ref);
        TableState.Fence fence = state.fence();
        if (fence.retired() || fence.schemaVersion() == stored.schemaVersion()) {
            return false;
        }
        if (fence.schemaVersion() < stored.schemaVersion() || abandoned(fence)) {
            log.setFence(ref, stored.schemaVersion());
        } else {
            pause();
        }
        return validatedVersion == stored.schemaVersion();
    }

    /** One column change, decided on the rows the table's log holds at one version. */
    @FunctionalInterface
    private interface ColumnChange {
        StoredTable apply(SchemaCatalog catalog, StoredTable stored, long rows, long newSchemaVersion);
    }

    /** Fence first, standing only where the table's rows are as the change was decided on; then the catalog. */
    private void changeColumns(String table, ColumnChange change) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            SchemaCatalog catalog = store.read();
            StoredTable stored = requireTable(catalog, table);
            TableRef ref = new TableRef(table, stored.generation());
            TableState state = log.read(ref);
            TableState.Fence fence = state.fence();
            if (fence.schemaVersion() > stored.schemaVersion() && !abandoned(fence)) {
                pause();
                continue;
            }
            long version = Math.max(fence.schemaVersion(), stored.schemaVersion()) + 1;
            StoredTable changed = change.apply(catalog, stored, state.rows(), version);
            SchemaStore.requireStorable(table, changed);
            if (!log.fence(ref, state, version)) {
                continue;
            }
            try {
                change(current -> {
                    StoredTable now = current.tables().get(table);
                    if (now == null || !now.generation().equals(stored.generation()) || now.schemaVersion() != stored.schemaVersion()) {
                        throw ServiceException.conflict("Table '" + table + "' was changed by another request; try again");
                    }
                    SortedMap<String, StoredTable> next = new TreeMap<>(current.tables());
                    next.put(table, changed);
                    return next;
                });
            } catch (RuntimeException failed) {
                // the change did not happen: set the fence back, so uploads need not wait for it to be abandoned
                log.setFence(ref, stored.schemaVersion());
                throw failed;
            }
            return;
        }
        throw ServiceException.conflict("The schema of table '" + table + "' is being changed by other requests; try again");
    }

    private static boolean abandoned(TableState.Fence fence) {
        return System.currentTimeMillis() - fence.since() > ABANDONED_FENCE.toMillis();
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ServiceException.conflict("Interrupted while waiting for a schema change; try again");
        }
    }

    /** Dropping a table, or a column, that a link names would leave the link pointing nowhere. */
    private static void requireNotLinked(SchemaCatalog catalog, String table, String column) {
        catalog.tables().forEach((name, stored) -> stored.schema().columns().forEach((linking, type) -> {
            if (type.link() == null || (column == null && name.equals(table))) {
                return;
            }
            boolean names = column == null ? type.link().startsWith(table + ".") : type.link().equals(table + "." + column);
            if (names) {
                throw ServiceException.conflict("Column '" + name + "." + linking + "' links to " + type.link()
                        + "; remove or change that link first");
            }
        }));
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

    /** A catalog change that landed: the catalog it was made to, and the tables it wrote. */
    private record Changed(SchemaCatalog before, SortedMap<String, StoredTable> after) {
    }

    /** Applies the edit to the catalog; then retires every generation it replaced or dropped. */
    private Changed change(Function<SchemaCatalog, SortedMap<String, StoredTable>> edit) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            SchemaCatalog catalog = store.read();
            SortedMap<String, StoredTable> next = edit.apply(catalog);
            if (store.replace(catalog, next)) {
                catalog.tables().forEach((name, old) -> {
                    StoredTable now = next.get(name);
                    if (now == null || !now.generation().equals(old.generation())) {
                        log.retire(new TableRef(name, old.generation()));
                    }
                });
                return new Changed(catalog, next);
            }
        }
        throw ServiceException.conflict("The schema is being changed by other requests; try again");
    }

    private static String newGeneration() {
        return UUID.randomUUID().toString();
    }
}
