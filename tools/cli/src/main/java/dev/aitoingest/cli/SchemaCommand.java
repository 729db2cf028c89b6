package dev.aitoingest.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "schema", description = "Reads or sets table schemas.", subcommands = {SchemaCommand.Get.class, SchemaCommand.Put.class})
final class SchemaCommand {

    @ParentCommand
    AitoIngest root;

    @Command(name = "get", description = "Prints the schema of one table, or of the whole database.")
    static final class Get implements Callable<Integer> {

        @ParentCommand
        SchemaCommand parent;

        @Parameters(arity = "0..1", paramLabel = "TABLE")
        String table;

        @Override
        public Integer call() throws IOException {
            Console console = parent.root.console();
            JsonNode schema = parent.root.client().get("/api/v1/schema" + (table == null ? "" : "/" + ApiClient.encode(table)));
            console.out().println(ApiClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(schema));
            return ExitCode.OK;
        }
    }

    @Command(name = "put", description = {"Creates a table with the schema in FILE (what infer-schema prints).",
            "An existing table is replaced, and emptied, only with --replace."})
    static final class Put implements Callable<Integer> {

        @ParentCommand
        SchemaCommand parent;

        @Parameters(index = "0", paramLabel = "TABLE")
        String table;

        @Parameters(index = "1", paramLabel = "FILE", description = "A table schema: {\"type\":\"table\",\"columns\":{...}}")
        Path file;

        @Option(names = "--replace", description = "Replace the table if it exists: its rows are dropped")
        boolean replace;

        @Override
        public Integer call() throws IOException {
            Console console = parent.root.console();
            JsonNode schema = readSchema(file);
            ApiClient api = parent.root.client();
            String path = "/api/v1/schema/" + ApiClient.encode(table);
            if (!replace && exists(api, path)) {
                throw new CliException("Table " + table + " exists: --replace replaces it and drops its rows");
            }
            JsonNode stored = api.putJson(path, schema);
            console.out().println(ApiClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(stored));
            return ExitCode.OK;
        }

        private static boolean exists(ApiClient api, String path) {
            try {
                api.get(path);
                return true;
            } catch (ApiException e) {
                if (e.status() == 404) {
                    return false;
                }
                throw e;
            }
        }

        private static JsonNode readSchema(Path file) {
            try {
                JsonNode schema = ApiClient.JSON.readTree(Files.readAllBytes(file));
                if (schema == null || !schema.isObject() || !schema.path("columns").isObject()) {
                    throw new CliException(file + " is not a table schema: expected {\"columns\": {...}}");
                }
                return schema;
            } catch (IOException e) {
                throw new CliException(file + " is not a table schema: " + (Files.exists(file) ? "not JSON" : "no such file"), e);
            }
        }
    }
}
