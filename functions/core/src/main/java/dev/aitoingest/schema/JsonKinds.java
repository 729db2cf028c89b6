package dev.aitoingest.schema;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/** How error messages name a JSON value: its kind, and the value itself when it is short. The one vocabulary. */
public final class JsonKinds {

    private static final int MAX_SHOWN = 60;

    private JsonKinds() {
    }

    /** The kind of the parser's current value, with the value when it is a scalar: {@code Int 12}, {@code String "x"}. */
    public static String describe(JsonParser p) throws IOException {
        JsonToken token = p.currentToken();
        return switch (token) {
            case VALUE_STRING -> string(p.getText());
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> kind(token) + " " + shortened(p.getText());
            default -> kind(token);
        };
    }

    /** As {@link #describe(JsonParser)}, for a value already read; {@code nothing} when there is none. */
    public static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        try (JsonParser p = node.traverse()) {
            p.nextToken();
            return describe(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The kind in a sentence: {@code an object}, {@code a number}, {@code nothing}. */
    public static String inProse(JsonToken token) {
        if (token == null) {
            return "nothing";
        }
        if (token == JsonToken.VALUE_NULL) {
            return "null";
        }
        String kind = switch (token) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            default -> kind(token).toLowerCase(java.util.Locale.ROOT);
        };
        return ("aeiou".indexOf(kind.charAt(0)) >= 0 ? "an " : "a ") + kind;
    }

    /** {@code String "twelve"}, shortened with an ellipsis when long. */
    public static String string(String value) {
        return "String \"" + shortened(value).replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    private static String kind(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "Object";
            case START_ARRAY -> "Array";
            case VALUE_STRING -> "String";
            case VALUE_NUMBER_INT -> "Int";
            case VALUE_NUMBER_FLOAT -> "Decimal";
            case VALUE_TRUE, VALUE_FALSE -> "Boolean";
            case VALUE_NULL -> "null";
            default -> token.toString();
        };
    }

    private static String shortened(String text) {
        return text.length() > MAX_SHOWN ? text.substring(0, MAX_SHOWN) + "..." : text;
    }
}
