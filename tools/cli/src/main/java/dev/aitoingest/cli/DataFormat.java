package dev.aitoingest.cli;

import java.util.Locale;

/** What a data file holds: NDJSON (one row per line), a JSON array of rows, or CSV with a header row. */
enum DataFormat {
    NDJSON, JSON, CSV;

    /** The format a file name says, {@code .gz} left aside; null when the name says none. */
    static DataFormat fromName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".gz")) {
            lower = lower.substring(0, lower.length() - 3);
        }
        if (lower.endsWith(".ndjson") || lower.endsWith(".jsonl")) {
            return NDJSON;
        }
        if (lower.endsWith(".json")) {
            return JSON;
        }
        if (lower.endsWith(".csv") || lower.endsWith(".tsv")) {
            return CSV;
        }
        return null;
    }
}
