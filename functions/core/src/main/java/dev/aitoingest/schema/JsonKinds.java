package dev.aitoingest.schema;

import com.fasterxml.jackson.databind.JsonNode;

/** How error messages name a JSON value: its kind, and the value itself when it is short. */
public final class JsonKinds {

    private static final int MAX_SHOWN = 60;

    private JsonKinds() {
    }

    public static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        if (node.isNull()) {
            return "null";
        }
        if (node.isObject()) {
            return "Object";
        }
        if (node.isArray()) {
            return "Array";
        }
        if (node.isTextual()) {
            return string(node.asText());
        }
        if (node.isBoolean()) {
            return "Boolean " + node.asText();
        }
        if (node.isIntegralNumber()) {
            return "Int " + node.asText();
        }
        return "Decimal " + node.asText();
    }

    /** {@code String "twelve"}, shortened with an ellipsis when long. */
    public static String string(String value) {
        String shown = value.length() > MAX_SHOWN ? value.substring(0, MAX_SHOWN) + "..." : value;
        return "String \"" + shown.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    public static String number(String kind, String text) {
        return kind + " " + (text.length() > MAX_SHOWN ? text.substring(0, MAX_SHOWN) + "..." : text);
    }
}
