package dev.aitoingest.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "query", description = {"Prints a table's rows as NDJSON, one row per line, in insertion order.",
        "Pages through the API's _search as needed; the total number of matching rows goes to the error stream."})
final class QueryCommand implements Callable<Integer> {

    private static final int PAGE = 1_000;

    @ParentCommand
    AitoIngest root;

    @Parameters(index = "0", paramLabel = "TABLE")
    String table;

    @Option(names = "--where", paramLabel = "JSON", description = "A where clause, e.g. '{\"price\":{\"$gt\":10}}'")
    String where;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "10", description = "Rows to print at most (default: ${DEFAULT-VALUE})")
    long limit;

    @Option(names = "--offset", paramLabel = "N", defaultValue = "0", description = "Rows to skip first (default: ${DEFAULT-VALUE})")
    long offset;

    @Override
    public Integer call() throws IOException {
        Console console = root.console();
        if (limit < 0 || offset < 0) {
            throw new CliException("--limit and --offset must not be negative");
        }
        JsonNode whereClause = parseWhere();
        ApiClient api = root.client();
        long printed = 0;
        long total = 0;
        do {
            ObjectNode search = ApiClient.JSON.createObjectNode().put("from", table);
            if (whereClause != null) {
                search.set("where", whereClause);
            }
            search.put("offset", offset + printed).put("limit", Math.min(PAGE, limit - printed));
            JsonNode answer = api.postJson("/api/v1/_search", search);
            total = answer.path("total").asLong();
            JsonNode hits = answer.path("hits");
            for (JsonNode hit : hits) {
                console.out().println(ApiClient.JSON.writeValueAsString(hit));
            }
            printed += hits.size();
            if (hits.isEmpty()) {
                break;
            }
        } while (printed < limit && offset + printed < total);
        console.out().flush();
        console.err().println(printed + " of " + total + " rows");
        return ExitCode.OK;
    }

    private JsonNode parseWhere() {
        if (where == null) {
            return null;
        }
        try {
            JsonNode clause = ApiClient.JSON.readTree(where);
            if (clause == null || !clause.isObject()) {
                throw new CliException("--where must be a JSON object, e.g. '{\"id\": 1}'");
            }
            return clause;
        } catch (IOException e) {
            throw new CliException("--where is not JSON: " + where, e);
        }
    }
}
