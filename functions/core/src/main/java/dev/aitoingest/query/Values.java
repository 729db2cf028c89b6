package dev.aitoingest.query;

import com.fasterxml.jackson.databind.JsonNode;

/** Comparison of stored values: numbers by value (1 equals 1.0), strings by code point order. */
final class Values {

    private Values() {
    }

    static boolean equal(JsonNode a, JsonNode b) {
        boolean aNull = a == null || a.isNull();
        boolean bNull = b == null || b.isNull();
        if (aNull || bNull) {
            return aNull && bNull;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    /** Orders numbers, strings and booleans; values of different kinds, and nulls, sort last. */
    static int compare(JsonNode a, JsonNode b) {
        boolean aNull = a == null || a.isNull();
        boolean bNull = b == null || b.isNull();
        if (aNull || bNull) {
            return Boolean.compare(aNull, bNull);
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        if (a.isTextual() && b.isTextual()) {
            return a.asText().compareTo(b.asText());
        }
        if (a.isBoolean() && b.isBoolean()) {
            return Boolean.compare(a.booleanValue(), b.booleanValue());
        }
        return Integer.compare(rank(a), rank(b));
    }

    private static int rank(JsonNode node) {
        if (node.isNumber()) {
            return 0;
        }
        if (node.isTextual()) {
            return 1;
        }
        if (node.isBoolean()) {
            return 2;
        }
        return 3;
    }
}
