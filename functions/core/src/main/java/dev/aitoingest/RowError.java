package dev.aitoingest;

/**
 * One invalid row. Exactly one of {@code row} (0-based index in a batch) and {@code line}
 * (1-based physical line of a stream or file) is set; {@code column} is null when the problem
 * is the row as a whole (not JSON, not an object, too long).
 */
public record RowError(Long row, Long line, String column, String message) {

    public static RowError atRow(long row, String column, String problem) {
        return new RowError(row, null, column, "row " + row + describe(column, problem));
    }

    public static RowError atLine(long line, String column, String problem) {
        return new RowError(null, line, column, "line " + line + describe(column, problem));
    }

    private static String describe(String column, String problem) {
        return column == null ? ": " + problem : ", column '" + column + "': " + problem;
    }
}
