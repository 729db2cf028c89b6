package dev.aitoingest.schema;

import java.util.Locale;
import java.util.Optional;

/** The column types of the Aito schema, named as the API prints them. */
public enum ColumnType {
    BOOLEAN("Boolean"),
    INT("Int"),
    LONG("Long"),
    DECIMAL("Decimal"),
    STRING("String"),
    TEXT("Text"),
    JSON("Json");

    private final String displayName;

    ColumnType(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }

    /** Type names are case-insensitive on input ("int", "INT" and "Int" are one type). */
    public static Optional<ColumnType> parse(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (ColumnType type : values()) {
            if (type.displayName.toLowerCase(Locale.ROOT).equals(lower)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
