package dev.aitoingest.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Gathers one segment's {@link SegmentStats} on the validator's parse. The validator reports a
 * row's values as it checks them ({@link #startRow}, then one call per non-null value), and the
 * segment's writer takes the row ({@link #commitRow}); the values of a row found invalid after
 * some were reported are undone when the next row starts, so they never count. Values are
 * applied as they come, which keeps the common case (no new bound) to a comparison or two.
 * Not thread-safe: one per segment.
 */
public final class StatsCollector {

    /** How a column's values are compared and kept. */
    public enum Kind {
        INTEGER, DECIMAL, STRING
    }

    /** String bounds are cut to this many characters, so a commit of many columns stays small. */
    static final int MAX_STRING = 64;
    /**
     * Statistics past this many bytes (columns in name order) are left out: a commit is one DynamoDB
     * item of at most 400 KB, and 100 columns with the longest names and bounds take about 82 KB.
     */
    static final int MAX_BYTES = 128_000;
    /** DynamoDB numbers hold 38 digits, magnitudes 1E-130 to 1E+126; a decimal bound beyond them is left out. */
    private static final int MAX_DIGITS = 38;

    private final Column[] columns;
    /** The slots the row being read has reported: applied at once, undone if the row is not taken. */
    private final int[] pending;
    private int pendingCount;
    private long rows;

    /** Columns by slot: the validator reports values by their position in these lists. */
    public StatsCollector(List<String> names, List<Kind> kinds) {
        columns = new Column[names.size()];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = switch (kinds.get(i)) {
                case INTEGER -> new Integers(names.get(i));
                case DECIMAL -> new Decimals(names.get(i));
                case STRING -> new Strings(names.get(i));
            };
        }
        pending = new int[columns.length];
    }

    /** A new row is being read: the values of one that was not taken are undone. */
    public void startRow() {
        if (pendingCount > 0) {
            undoPending();
        }
    }

    public void integer(int slot, long value) {
        ((Integers) columns[slot]).add(value);
        pending[pendingCount++] = slot;
    }

    /** A decimal value as its JSON text; one that cannot be made a BigDecimal leaves the column without bounds. */
    public void decimal(int slot, char[] text, int offset, int length) {
        ((Decimals) columns[slot]).add(text, offset, length);
        pending[pendingCount++] = slot;
    }

    /** A string value as the parser holds it: the characters are compared in place and copied only when they are a new bound. */
    public void string(int slot, char[] text, int offset, int length) {
        ((Strings) columns[slot]).add(text, offset, length);
        pending[pendingCount++] = slot;
    }

    /** The row whose values were reported is in the segment; a column it did not report is null in it. */
    public void commitRow() {
        pendingCount = 0;
        rows++;
    }

    /**
     * Takes in the values of {@code other}, collected over other rows of the same schema (a block
     * checked on another thread); its rows count here as they are committed one by one.
     */
    public void absorb(StatsCollector other) {
        startRow();
        for (int i = 0; i < columns.length; i++) {
            columns[i].absorb(other.columns[i]);
        }
    }

    /** The statistics of the rows taken so far. */
    public SegmentStats result() {
        startRow();
        Map<String, SegmentStats.Column> stats = new HashMap<>();
        long bytes = 0;
        for (Column column : columns) {
            SegmentStats.Column s = new SegmentStats.Column(rows - column.values, column.min(), column.max());
            bytes += utf8Length(column.name) + size(s.min()) + size(s.max()) + 32;
            if (bytes > MAX_BYTES) {
                break;
            }
            stats.put(column.name, s);
        }
        return new SegmentStats(stats);
    }

    private void undoPending() {
        for (int i = 0; i < pendingCount; i++) {
            columns[pending[i]].undo();
        }
        pendingCount = 0;
    }

    /** A lower bound of a string for the statistics: its longest well-formed prefix of at most {@link #MAX_STRING} characters. */
    static String lowerBound(String s) {
        return s.substring(0, wellFormedPrefix(s));
    }

    /**
     * An upper bound: the string itself when short and well-formed, otherwise a prefix whose last
     * character is raised by one (so it sorts after every string that starts with the prefix); null
     * when no character can be raised.
     */
    static String upperBound(String s) {
        int end = wellFormedPrefix(s);
        if (end == s.length()) {
            return s;
        }
        for (int i = end - 1; i >= 0; i--) {
            char c = s.charAt(i);
            if (!Character.isSurrogate(c) && c != Character.MAX_VALUE) {
                // a raised character must not become a lone surrogate, which UTF-8 cannot store
                char raised = c + 1 == Character.MIN_SURROGATE ? '\uE000' : (char) (c + 1);
                return s.substring(0, i) + raised;
            }
        }
        return null;
    }

    /** The length of the longest prefix of at most MAX_STRING characters with no lone or split surrogate pair. */
    private static int wellFormedPrefix(String s) {
        int limit = Math.min(s.length(), MAX_STRING);
        int i = 0;
        while (i < limit) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < limit && Character.isLowSurrogate(s.charAt(i + 1))) {
                i += 2;
            } else if (Character.isSurrogate(c)) {
                break;
            } else {
                i++;
            }
        }
        return i;
    }

    private static long size(JsonNode bound) {
        return bound == null ? 0 : utf8Length(bound.asText());
    }

    private static long utf8Length(String s) {
        long bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }

    /** One column's figures. A value is applied when reported; {@link #undo} takes the last one back. */
    private abstract static class Column {
        final String name;
        long values;

        Column(String name) {
            this.name = name;
        }

        abstract void undo();

        /** Widens this column by the values of the same column collected elsewhere. */
        abstract void absorb(Column other);

        /** The bounds of the values; null when there are none. */
        abstract JsonNode min();

        abstract JsonNode max();
    }

    private static final class Integers extends Column {
        private long min = Long.MAX_VALUE;
        private long max = Long.MIN_VALUE;
        private long previousMin;
        private long previousMax;

        Integers(String name) {
            super(name);
        }

        void add(long value) {
            previousMin = min;
            previousMax = max;
            min = Math.min(min, value);
            max = Math.max(max, value);
            values++;
        }

        @Override
        void undo() {
            min = previousMin;
            max = previousMax;
            values--;
        }

        @Override
        void absorb(Column column) {
            Integers other = (Integers) column;
            min = Math.min(min, other.min);
            max = Math.max(max, other.max);
            values += other.values;
        }

        @Override
        JsonNode min() {
            return values > 0 ? LongNode.valueOf(min) : null;
        }

        @Override
        JsonNode max() {
            return values > 0 ? LongNode.valueOf(max) : null;
        }
    }

    /**
     * Decimal bounds are exact; each value is first compared as a double, correctly rounded as the
     * bounds' doubles are: rounding keeps order, so a value whose double lies strictly between the
     * bounds' lies between the bounds, and most values are decided without a BigDecimal.
     */
    private static final class Decimals extends Column {
        private static final double[] POWERS_OF_TEN = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
            1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
        private static final long EXACT_DOUBLE = 1L << 52;

        private BigDecimal min;
        private BigDecimal max;
        private double minDouble = Double.POSITIVE_INFINITY;
        private double maxDouble = Double.NEGATIVE_INFINITY;
        private boolean unreadable;
        private BigDecimal previousMin;
        private BigDecimal previousMax;
        private double previousMinDouble;
        private double previousMaxDouble;
        private boolean previousUnreadable;
        /** Whether the last value got past the doubles, so the previous fields hold what it may have changed. */
        private boolean saved;

        Decimals(String name) {
            super(name);
        }

        void add(char[] text, int offset, int length) {
            values++;
            double approximate = approximate(text, offset, length);
            saved = !(approximate > minDouble && approximate < maxDouble);
            if (!saved) {
                return;
            }
            previousMin = min;
            previousMax = max;
            previousMinDouble = minDouble;
            previousMaxDouble = maxDouble;
            previousUnreadable = unreadable;
            BigDecimal value;
            try {
                value = new BigDecimal(text, offset, length);
            } catch (NumberFormatException e) {
                unreadable = true;
                return;
            }
            if (min == null || value.compareTo(min) < 0) {
                min = value;
                minDouble = value.doubleValue();
            }
            if (max == null || value.compareTo(max) > 0) {
                max = value;
                maxDouble = value.doubleValue();
            }
        }

        /** The value as a correctly rounded double when that is cheap to get (up to 52 bits and 22 decimals, no exponent), else NaN. */
        private static double approximate(char[] text, int offset, int length) {
            int i = offset;
            int end = offset + length;
            boolean negative = i < end && text[i] == '-';
            if (negative) {
                i++;
            }
            long unscaled = 0;
            int scale = -1;
            for (; i < end; i++) {
                char c = text[i];
                if (c >= '0' && c <= '9') {
                    unscaled = unscaled * 10 + (c - '0');
                    if (unscaled >= EXACT_DOUBLE) {
                        return Double.NaN;
                    }
                    if (scale >= 0) {
                        scale++;
                    }
                } else if (c == '.' && scale < 0) {
                    scale = 0;
                } else {
                    return Double.NaN;
                }
            }
            scale = Math.max(scale, 0);
            if (scale >= POWERS_OF_TEN.length) {
                return Double.NaN;
            }
            double value = unscaled / POWERS_OF_TEN[scale];
            return negative ? -value : value;
        }

        @Override
        void undo() {
            if (saved) {
                min = previousMin;
                max = previousMax;
                minDouble = previousMinDouble;
                maxDouble = previousMaxDouble;
                unreadable = previousUnreadable;
            }
            values--;
        }

        @Override
        void absorb(Column column) {
            Decimals other = (Decimals) column;
            unreadable |= other.unreadable;
            if (other.min != null && (min == null || other.min.compareTo(min) < 0)) {
                min = other.min;
                minDouble = other.minDouble;
            }
            if (other.max != null && (max == null || other.max.compareTo(max) > 0)) {
                max = other.max;
                maxDouble = other.maxDouble;
            }
            values += other.values;
        }
        @Override
        JsonNode min() {
            return bound(min);
        }

        @Override
        JsonNode max() {
            return bound(max);
        }

        private JsonNode bound(BigDecimal value) {
            return unreadable || value == null || !storable(value) ? null : DecimalNode.valueOf(value);
        }

        private static boolean storable(BigDecimal value) {
            BigDecimal v = value.stripTrailingZeros();
            int exponent = v.precision() - v.scale() - 1;
            return v.signum() == 0 || v.precision() <= MAX_DIGITS && exponent >= -130 && exponent <= 125;
        }
    }

    /** Bounds are kept as characters; a new bound swaps buffers with the old one, so undoing it copies nothing. */
    private static final class Strings extends Column {
        private char[] min = new char[32];
        private char[] max = new char[32];
        private char[] previousMin = new char[32];
        private char[] previousMax = new char[32];
        private int minLength;
        private int maxLength;
        private int previousMinLength;
        private int previousMaxLength;
        private boolean lowered;
        private boolean raised;

        Strings(String name) {
            super(name);
        }

        void add(char[] text, int offset, int length) {
            lowered = values == 0 || compare(text, offset, length, min, minLength) < 0;
            raised = values == 0 || !lowered && compare(text, offset, length, max, maxLength) > 0;
            if (lowered) {
                char[] old = min;
                min = fit(previousMin, length);
                previousMin = old;
                previousMinLength = minLength;
                System.arraycopy(text, offset, min, 0, length);
                minLength = length;
            }
            if (raised) {
                char[] old = max;
                max = fit(previousMax, length);
                previousMax = old;
                previousMaxLength = maxLength;
                System.arraycopy(text, offset, max, 0, length);
                maxLength = length;
            }
            values++;
        }

        /** As String.compareTo; a plain loop, since values mostly differ within their first few characters. */
        private static int compare(char[] text, int offset, int length, char[] bound, int boundLength) {
            int common = Math.min(length, boundLength);
            for (int i = 0; i < common; i++) {
                char a = text[offset + i];
                char b = bound[i];
                if (a != b) {
                    return a - b;
                }
            }
            return length - boundLength;
        }

        private static char[] fit(char[] buffer, int length) {
            return buffer.length >= length ? buffer : new char[Math.max(length, buffer.length * 2)];
        }

        @Override
        void undo() {
            if (lowered) {
                char[] undone = min;
                min = previousMin;
                minLength = previousMinLength;
                previousMin = undone;
            }
            if (raised) {
                char[] undone = max;
                max = previousMax;
                maxLength = previousMaxLength;
                previousMax = undone;
            }
            values--;
        }

        @Override
        void absorb(Column column) {
            Strings other = (Strings) column;
            if (other.values == 0) {
                return;
            }
            if (values == 0 || compare(other.min, 0, other.minLength, min, minLength) < 0) {
                min = Arrays.copyOf(other.min, Math.max(other.minLength, 1));
                minLength = other.minLength;
            }
            if (values == 0 || compare(other.max, 0, other.maxLength, max, maxLength) > 0) {
                max = Arrays.copyOf(other.max, Math.max(other.maxLength, 1));
                maxLength = other.maxLength;
            }
            values += other.values;
        }

        @Override
        JsonNode min() {
            return values > 0 ? TextNode.valueOf(lowerBound(new String(min, 0, minLength))) : null;
        }

        @Override
        JsonNode max() {
            String bound = values > 0 ? upperBound(new String(max, 0, maxLength)) : null;
            return bound == null ? null : TextNode.valueOf(bound);
        }
    }
}
