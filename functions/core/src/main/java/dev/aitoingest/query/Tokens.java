package dev.aitoingest.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The tokens of a Text value for {@code $has}: split on whitespace for the whitespace analyzer
 * (and on the delimiter of a delimiter analyzer), otherwise on anything that is not a letter or a
 * digit. Always lower-cased. Stemming and n-grams are not applied.
 */
final class Tokens {

    private Tokens() {
    }

    static Set<String> of(String text, JsonNode analyzer) {
        String pattern = "[^\\p{L}\\p{N}]+";
        if (analyzer != null && analyzer.isTextual() && analyzer.asText().equalsIgnoreCase("whitespace")) {
            pattern = "\\s+";
        } else if (analyzer != null && analyzer.isObject() && "delimiter".equals(analyzer.path("type").asText())
                && analyzer.path("delimiter").isTextual()) {
            pattern = java.util.regex.Pattern.quote(analyzer.path("delimiter").asText());
        }
        Set<String> tokens = new HashSet<>();
        for (String token : text.toLowerCase(Locale.ROOT).split(pattern)) {
            if (!token.isEmpty()) {
                tokens.add(token.trim());
            }
        }
        return tokens;
    }
}
