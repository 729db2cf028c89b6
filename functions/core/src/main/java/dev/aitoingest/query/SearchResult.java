package dev.aitoingest.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** The answer of a search: the offset asked for, how many rows match in all, and this page of them. */
public record SearchResult(long offset, long total, List<JsonNode> hits) {
}
