package dev.aitoingest.schema;

import dev.aitoingest.ServiceException;

/** The rules for table and column names. */
public final class Names {

    public static final int MAX_LENGTH = 100;

    private Names() {
    }

    public static void requireValidTable(String name) {
        require("table", name);
    }

    public static void requireValidColumn(String name) {
        require("column", name);
    }

    private static void require(String what, String name) {
        String problem = problem(name);
        if (problem != null) {
            throw ServiceException.badRequest("Invalid " + what + " name " + quote(name) + ": " + problem);
        }
    }

    /** Why the name is not allowed, or null when it is. */
    static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "it must not be empty";
        }
        if (name.codePointCount(0, name.length()) > MAX_LENGTH) {
            return "it must be at most " + MAX_LENGTH + " characters long";
        }
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            if (cp == '/' || cp == '"' || cp == '.' || cp == '$') {
                return "it must not contain '" + Character.toString(cp) + "'";
            }
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp) || Character.isISOControl(cp)
                    || Character.getType(cp) == Character.FORMAT) {
                return "it must not contain whitespace or control characters";
            }
            i += Character.charCount(cp);
        }
        return null;
    }

    private static String quote(String name) {
        return name == null ? "null" : "\"" + name + "\"";
    }
}
