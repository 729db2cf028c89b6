package dev.aitoingest.ingest;

import dev.aitoingest.ServiceException;
import java.util.Locale;

/** How a CSV upload is written: RFC 4180 with a header row, its cells separated by {@code delimiter}. */
public record CsvFormat(char delimiter) {

    public static final CsvFormat COMMA = new CsvFormat(',');

    public CsvFormat {
        if (delimiter != ',' && delimiter != ';' && delimiter != '\t' && delimiter != '|') {
            throw ServiceException.badRequest("Unsupported CSV delimiter " + describe(String.valueOf(delimiter))
                    + "; use one of , ; | or tab");
        }
    }

    /** The {@code delimiter} query parameter: absent means a comma; a tab may be sent as itself or as the word "tab". */
    public static CsvFormat of(String delimiter) {
        if (delimiter == null || delimiter.isEmpty()) {
            return COMMA;
        }
        if (delimiter.equalsIgnoreCase("tab") || delimiter.equals("\\t")) {
            return new CsvFormat('\t');
        }
        if (delimiter.length() != 1) {
            throw ServiceException.badRequest("Unsupported CSV delimiter " + describe(delimiter) + "; use one of , ; | or tab");
        }
        return new CsvFormat(delimiter.charAt(0));
    }

    /**
     * The format a client names with {@code ?format=}: null for JSON (the default: NDJSON for files
     * and streams, a JSON array for batches), or CSV with its delimiter. A delimiter without CSV is
     * refused rather than ignored.
     */
    public static CsvFormat chosen(String format, String delimiter) {
        String name = format == null ? "" : format.trim().toLowerCase(Locale.ROOT);
        return switch (name) {
            case "", "json", "ndjson" -> {
                if (delimiter != null) {
                    throw ServiceException.badRequest("A delimiter applies only to CSV: add format=csv, or send Content-Type: text/csv");
                }
                yield null;
            }
            case "csv" -> of(delimiter);
            default -> throw ServiceException.badRequest("Unsupported format \"" + format + "\"; use csv, or leave it out for JSON");
        };
    }

    private static String describe(String delimiter) {
        return delimiter.equals("\t") ? "tab" : "\"" + delimiter + "\"";
    }
}
