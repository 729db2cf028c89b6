package dev.aitoingest.schema;

import dev.aitoingest.storage.StatsCollector;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Proves a row valid straight from its UTF-8 bytes: one pass over an object of columns, directed
 * by the schema, with no tokenizer in between. It is sure only one way. When it accepts, the row
 * is one the parser's check ({@link RowValidator#validate}) accepts, and the statistics got the
 * same values. When it is not sure (a wrong or missing value, a syntax error, an unknown field,
 * an escaped field name, a long number, deep nesting), it reports nothing and the parser's check
 * decides and names the problem. Rows of one upload mostly take the short way.
 * Immutable; the characters it decodes strings into are the caller's.
 */
final class DirectRowCheck {

    /** Nesting a Json value may have here; deeper values go to the parser, whose limit is far higher. */
    private static final int MAX_DEPTH = 64;
    /** Longer numbers go to the parser, which refuses those over its limit (1,000 characters). */
    private static final int MAX_NUMBER = 200;
    /** Longer names inside Json values go to the parser, which has a limit on them. */
    private static final int MAX_NAME = 1000;
    /** Digits of the longest longs; longer integers go to the parser. */
    private static final int LONG_DIGITS = 19;
    private static final byte[] LONG_MAX_DIGITS = "9223372036854775807".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LONG_MIN_DIGITS = "9223372036854775808".getBytes(StandardCharsets.US_ASCII);
    private static final int UNSURE = -1;
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

    private final byte[][] names;
    /** Whether a column's name is written in JSON as its bytes are: no quote, backslash or control character. */
    private final boolean[] plain;
    private final ColumnType[] types;
    private final boolean[] nullable;
    private final int[] statSlots;

    DirectRowCheck(String[] names, ColumnType[] types, boolean[] nullable, int[] statSlots) {
        this.names = new byte[names.length][];
        this.plain = new boolean[names.length];
        for (int c = 0; c < names.length; c++) {
            this.names[c] = names[c].getBytes(StandardCharsets.UTF_8);
            this.plain[c] = isPlain(this.names[c]);
        }
        this.types = types;
        this.nullable = nullable;
        this.statSlots = statSlots;
    }

    /** Decoded characters of a counted string value, grown as needed; one per thread. */
    static final class Scratch {
        private char[] chars = new char[64];
        private int length;

        private void add(char c) {
            if (length == chars.length) {
                chars = Arrays.copyOf(chars, length * 2);
            }
            chars[length++] = c;
        }
    }

    /**
     * True when the row in {@code b[from, to)} is valid, its values then reported to {@code stats}
     * (when not null) as the parser's check reports them; false when the parser must decide, with
     * nothing reported. {@code guesses} is the validator's column guess for each field position.
     */
    boolean accepts(byte[] b, int from, int to, int[] guesses, StatsCollector stats, Scratch scratch) {
        int i = whitespace(b, from, to);
        if (i >= to || b[i] != '{') {
            return false;
        }
        if (stats != null) {
            stats.startRow();
        }
        long seen = 0;
        long[] seenAbove64 = names.length > 64 ? new long[(names.length + 63) >>> 6] : null;
        i = whitespace(b, i + 1, to);
        if (i < to && b[i] == '}') {
            i++;
        } else {
            for (int field = 0; ; field++) {
                if (i >= to || b[i] != '"') {
                    return unsure(stats);
                }
                int c = field < guesses.length ? guesses[field] : -1;
                int nameEnd = c >= 0 ? guessedNameEnd(b, i + 1, to, c) : UNSURE;
                if (nameEnd < 0) {
                    nameEnd = plainNameEnd(b, i + 1, to);
                    c = nameEnd < 0 ? -1 : column(b, i + 1, nameEnd, field, guesses);
                }
                if (c < 0) {
                    return unsure(stats);
                }
                if (c < 64) {
                    if ((seen & (1L << c)) != 0) {
                        return unsure(stats);
                    }
                    seen |= 1L << c;
                } else {
                    long bit = 1L << (c & 63);
                    if ((seenAbove64[c >>> 6] & bit) != 0) {
                        return unsure(stats);
                    }
                    seenAbove64[c >>> 6] |= bit;
                }
                i = whitespace(b, nameEnd + 1, to);
                if (i >= to || b[i] != ':') {
                    return unsure(stats);
                }
                i = whitespace(b, i + 1, to);
                i = value(b, i, to, c, stats, scratch);
                if (i < 0) {
                    return unsure(stats);
                }
                i = whitespace(b, i, to);
                if (i < to && b[i] == ',') {
                    i = whitespace(b, i + 1, to);
                } else if (i < to && b[i] == '}') {
                    i++;
                    break;
                } else {
                    return unsure(stats);
                }
            }
        }
        if (whitespace(b, i, to) != to) {
            return unsure(stats);
        }
        for (int c = 0; c < names.length; c++) {
            boolean present = c < 64 ? (seen & (1L << c)) != 0 : (seenAbove64[c >>> 6] & (1L << (c & 63))) != 0;
            if (!present && !nullable[c]) {
                return unsure(stats);
            }
        }
        return true;
    }

    /** Undoes the values reported for the row, so the parser's check starts it afresh. */
    private static boolean unsure(StatsCollector stats) {
        if (stats != null) {
            stats.startRow();
        }
        return false;
    }

    /**
     * Where the field name at {@code from} ends (its closing quote) when it is column {@code c}'s,
     * read in one pass; -1 when it is not, or the name is not one to compare as bytes.
     */
    private int guessedNameEnd(byte[] b, int from, int to, int c) {
        byte[] name = names[c];
        int end = from + name.length;
        if (!plain[c] || end >= to || b[end] != '"') {
            return UNSURE;
        }
        for (int k = 0; k < name.length; k++) {
            if (name[k] != b[from + k]) {
                return UNSURE;
            }
        }
        return end;
    }

    /** The column whose UTF-8 name is {@code b[from, to)}, noted as the guess for this field position. */
    private int column(byte[] b, int from, int to, int field, int[] guesses) {
        for (int c = 0; c < names.length; c++) {
            if (equal(names[c], b, from, to)) {
                if (field < guesses.length) {
                    guesses[field] = c;
                }
                return c;
            }
        }
        return -1;
    }

    private static boolean equal(byte[] name, byte[] b, int from, int to) {
        if (name.length != to - from) {
            return false;
        }
        for (int k = 0; k < name.length; k++) {
            if (name[k] != b[from + k]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPlain(byte[] name) {
        for (byte x : name) {
            if (x == '"' || x == '\\' || x >= 0 && x < 0x20) {
                return false;
            }
        }
        return true;
    }

    /** The closing quote of a field name without escapes or control characters, else -1. */
    private static int plainNameEnd(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            byte x = b[i];
            if (x == '"') {
                return i;
            }
            if (x == '\\' || x >= 0 && x < 0x20) {
                return UNSURE;
            }
        }
        return UNSURE;
    }

    /** The end of column {@code c}'s value starting at {@code i}, reporting it; -1 when unsure. */
    private int value(byte[] b, int i, int to, int c, StatsCollector stats, Scratch scratch) {
        if (i >= to) {
            return UNSURE;
        }
        byte first = b[i];
        if (first == 'n') {
            return nullable[c] ? literal(b, i, to, NULL) : UNSURE;
        }
        int slot = stats == null ? -1 : statSlots[c];
        switch (types[c]) {
            case JSON:
                return anyValue(b, i, to, 1);
            case BOOLEAN:
                return first == 't' ? literal(b, i, to, TRUE) : first == 'f' ? literal(b, i, to, FALSE) : UNSURE;
            case STRING:
            case TEXT: {
                if (first != '"') {
                    return UNSURE;
                }
                if (slot < 0) {
                    return string(b, i, to, null);
                }
                scratch.length = 0;
                int end = string(b, i, to, scratch);
                if (end >= 0) {
                    stats.string(slot, scratch.chars, 0, scratch.length);
                }
                return end;
            }
            case INT:
            case LONG:
                return integer(b, i, to, types[c] == ColumnType.INT, slot < 0 ? null : stats, slot);
            case DECIMAL: {
                int end = number(b, i, to);
                if (end >= 0 && slot >= 0) {
                    scratch.length = 0;
                    for (int k = i; k < end; k++) {
                        scratch.add((char) b[k]);
                    }
                    stats.decimal(slot, scratch.chars, 0, scratch.length);
                }
                return end;
            }
            default:
                return UNSURE;
        }
    }

    /** A JSON integer that fits the column, reported as the parser reports it. */
    private static int integer(byte[] b, int i, int to, boolean int32, StatsCollector stats, int slot) {
        boolean negative = b[i] == '-';
        int digitsFrom = negative ? i + 1 : i;
        int at = digits(b, digitsFrom, to);
        int count = at - digitsFrom;
        if (count == 0 || count > LONG_DIGITS || count > 1 && b[digitsFrom] == '0' || at < to && isNumberPart(b[at])
                || count == LONG_DIGITS && above(b, digitsFrom, negative ? LONG_MIN_DIGITS : LONG_MAX_DIGITS)) {
            return UNSURE;
        }
        // summed as a negative number, as Long.parseLong does, so Long.MIN_VALUE fits
        long value = 0;
        for (int k = digitsFrom; k < at; k++) {
            value = value * 10 - (b[k] - '0');
        }
        if (!negative) {
            value = -value;
        }
        if (int32 && (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE)) {
            return UNSURE;
        }
        if (stats != null) {
            stats.integer(slot, value);
        }
        return at;
    }

    /** Whether the 19 digits at {@code from} stand for more than {@code limit}'s. */
    private static boolean above(byte[] b, int from, byte[] limit) {
        for (int k = 0; k < limit.length; k++) {
            if (b[from + k] != limit[k]) {
                return b[from + k] > limit[k];
            }
        }
        return false;
    }

    /** Any JSON number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
    private static int number(byte[] b, int i, int to) {
        int at = i < to && b[i] == '-' ? i + 1 : i;
        int digitsFrom = at;
        at = digits(b, at, to);
        if (at == digitsFrom || at - digitsFrom > 1 && b[digitsFrom] == '0') {
            return UNSURE;
        }
        if (at < to && b[at] == '.') {
            int fraction = at + 1;
            at = digits(b, fraction, to);
            if (at == fraction) {
                return UNSURE;
            }
        }
        if (at < to && (b[at] == 'e' || b[at] == 'E')) {
            int exponent = at + 1 < to && (b[at + 1] == '+' || b[at + 1] == '-') ? at + 2 : at + 1;
            at = digits(b, exponent, to);
            if (at == exponent) {
                return UNSURE;
            }
        }
        if (at < to && isNumberPart(b[at]) || at - i > MAX_NUMBER) {
            return UNSURE;
        }
        return at;
    }

    private static int digits(byte[] b, int i, int to) {
        while (i < to && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        return i;
    }

    private static boolean isNumberPart(byte x) {
        return x >= '0' && x <= '9' || x == '.' || x == 'e' || x == 'E' || x == '-' || x == '+';
    }

    /** A literal; what follows it is checked by the caller, as after any value. */
    private static int literal(byte[] b, int i, int to, byte[] word) {
        if (to - i < word.length) {
            return UNSURE;
        }
        for (int k = 0; k < word.length; k++) {
            if (b[i + k] != word[k]) {
                return UNSURE;
            }
        }
        return i + word.length;
    }

    /** Any JSON value, as a Json column holds. */
    private static int anyValue(byte[] b, int i, int to, int depth) {
        if (i >= to) {
            return UNSURE;
        }
        return switch (b[i]) {
            case '"' -> string(b, i, to, null);
            case 't' -> literal(b, i, to, TRUE);
            case 'f' -> literal(b, i, to, FALSE);
            case 'n' -> literal(b, i, to, NULL);
            case '{', '[' -> depth >= MAX_DEPTH ? UNSURE : container(b, i, to, depth, b[i] == '{' ? (byte) '}' : (byte) ']');
            default -> number(b, i, to);
        };
    }

    /** An object or an array (closed by {@code close}) starting at its opening bracket; its members' names are checked too. */
    private static int container(byte[] b, int i, int to, int depth, byte close) {
        i = whitespace(b, i + 1, to);
        if (i < to && b[i] == close) {
            return i + 1;
        }
        while (true) {
            if (close == '}') {
                int nameEnd = i < to && b[i] == '"' ? string(b, i, to, null) : UNSURE;
                if (nameEnd < 0 || nameEnd - i > MAX_NAME) {
                    return UNSURE;
                }
                i = whitespace(b, nameEnd, to);
                if (i >= to || b[i] != ':') {
                    return UNSURE;
                }
                i = whitespace(b, i + 1, to);
            }
            i = anyValue(b, i, to, depth + 1);
            if (i < 0) {
                return UNSURE;
            }
            i = whitespace(b, i, to);
            if (i < to && b[i] == ',') {
                i = whitespace(b, i + 1, to);
            } else if (i < to && b[i] == close) {
                return i + 1;
            } else {
                return UNSURE;
            }
        }
    }

    /**
     * A JSON string starting at its opening quote: the index after its closing quote, its
     * characters decoded into {@code into} when that is not null. Only well-formed UTF-8 and the
     * standard escapes are taken.
     */
    private static int string(byte[] b, int i, int to, Scratch into) {
        i++;
        while (i < to) {
            int x = b[i];
            if (x == '"') {
                return i + 1;
            }
            if (x == '\\') {
                i = escape(b, i, to, into);
            } else if (x >= 0x20) {
                if (into != null) {
                    into.add((char) x);
                }
                i++;
            } else if (x >= 0) {
                return UNSURE;
            } else {
                i = multibyte(b, i, to, into);
            }
            if (i < 0) {
                return UNSURE;
            }
        }
        return UNSURE;
    }

    private static int escape(byte[] b, int i, int to, Scratch into) {
        if (i + 1 >= to) {
            return UNSURE;
        }
        char decoded;
        switch (b[i + 1]) {
            case '"' -> decoded = '"';
            case '\\' -> decoded = '\\';
            case '/' -> decoded = '/';
            case 'b' -> decoded = '\b';
            case 'f' -> decoded = '\f';
            case 'n' -> decoded = '\n';
            case 'r' -> decoded = '\r';
            case 't' -> decoded = '\t';
            case 'u' -> {
                if (i + 6 > to) {
                    return UNSURE;
                }
                int code = 0;
                for (int k = i + 2; k < i + 6; k++) {
                    int digit = Character.digit(b[k], 16);
                    if (digit < 0) {
                        return UNSURE;
                    }
                    code = code * 16 + digit;
                }
                if (into != null) {
                    into.add((char) code);
                }
                return i + 6;
            }
            default -> {
                return UNSURE;
            }
        }
        if (into != null) {
            into.add(decoded);
        }
        return i + 2;
    }

    /** One well-formed UTF-8 sequence of two to four bytes (no overlong forms, no surrogates). */
    private static int multibyte(byte[] b, int i, int to, Scratch into) {
        int lead = b[i] & 0xff;
        int extra;
        int low = 0x80;
        int high = 0xbf;
        int code;
        if (lead >= 0xc2 && lead <= 0xdf) {
            extra = 1;
            code = lead & 0x1f;
        } else if (lead >= 0xe0 && lead <= 0xef) {
            extra = 2;
            code = lead & 0x0f;
            if (lead == 0xe0) {
                low = 0xa0;
            } else if (lead == 0xed) {
                high = 0x9f;
            }
        } else if (lead >= 0xf0 && lead <= 0xf4) {
            extra = 3;
            code = lead & 0x07;
            if (lead == 0xf0) {
                low = 0x90;
            } else if (lead == 0xf4) {
                high = 0x8f;
            }
        } else {
            return UNSURE;
        }
        if (i + extra >= to) {
            return UNSURE;
        }
        for (int k = 1; k <= extra; k++) {
            int next = b[i + k] & 0xff;
            if (next < (k == 1 ? low : 0x80) || next > (k == 1 ? high : 0xbf)) {
                return UNSURE;
            }
            code = code << 6 | next & 0x3f;
        }
        if (into != null) {
            if (code >= 0x10000) {
                into.add(Character.highSurrogate(code));
                into.add(Character.lowSurrogate(code));
            } else {
                into.add((char) code);
            }
        }
        return i + extra + 1;
    }

    private static int whitespace(byte[] b, int i, int to) {
        while (i < to) {
            byte x = b[i];
            if (x != ' ' && x != '\t' && x != '\r' && x != '\n') {
                return i;
            }
            i++;
        }
        return i;
    }
}
