package dev.aitoingest.ingest;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.aitoingest.RowError;
import dev.aitoingest.ServiceException;
import dev.aitoingest.schema.ColumnSchema;
import dev.aitoingest.schema.ColumnType;
import dev.aitoingest.schema.TableSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A CSV upload's header row matched to the table's columns: each position's column, its type, and
 * the JSON key its cells are written under. Every name must be a column, once; a column left out
 * must be nullable. {@code complete} when it names every column of the table.
 */
public record CsvHeader(String[] names, ColumnType[] types, byte[][] keys, boolean complete) {

    /** Reads the header, the first record; a header that does not fit the table is a 400 that lists what is wrong with it. */
    public static CsvHeader read(CsvRecords records, TableSchema schema) throws IOException {
        if (!records.next()) {
            throw ServiceException.badRequest("The CSV is empty: its first line must be a header row naming the columns");
        }
        long line = records.line();
        if (records.isBlank()) {
            throw invalid(List.of(RowError.atLine(line, null, "the header row is empty; the first line must name the columns")));
        }
        int n = records.cellCount();
        String[] names = new String[n];
        ColumnType[] types = new ColumnType[n];
        byte[][] keys = new byte[n][];
        List<RowError> errors = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < n; i++) {
            String name = records.cell(i) == null ? "" : records.cell(i);
            ColumnSchema column = schema.column(name);
            if (column == null) {
                errors.add(RowError.atLine(line, name, "not a column of this table (header cell " + (i + 1) + ")"));
            } else if (!seen.add(name)) {
                errors.add(RowError.atLine(line, name, "appears twice in the header"));
            } else {
                names[i] = name;
                types[i] = column.type();
                keys[i] = ("\"" + new String(JsonStringEncoder.getInstance().quoteAsString(name)) + "\":")
                        .getBytes(StandardCharsets.UTF_8);
            }
        }
        for (Map.Entry<String, ColumnSchema> column : schema.columns().entrySet()) {
            if (!column.getValue().nullable() && !seen.contains(column.getKey())) {
                errors.add(RowError.atLine(line, column.getKey(), "missing from the header; expected "
                        + column.getValue().type().displayName() + " (the column is not nullable)"));
            }
        }
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        return new CsvHeader(names, types, keys, seen.size() == schema.columns().size());
    }

    public int size() {
        return names.length;
    }

    private static ServiceException invalid(List<RowError> errors) {
        String message = "The CSV header does not fit the table: " + errors.get(0).message()
                + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more problems)" : "");
        return ServiceException.invalidRows(message, errors, errors.size());
    }
}
