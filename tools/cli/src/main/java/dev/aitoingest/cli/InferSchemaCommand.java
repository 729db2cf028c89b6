package dev.aitoingest.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "infer-schema", description = {"Reads the first rows of a CSV, NDJSON or JSON array file (gzipped too) and prints a "
        + "table schema for `schema put`.",
        "Types: Int, Long, Decimal, Boolean, String, Text (strings of three words or more on average), Json; a column with a "
                + "null, an empty unquoted CSV cell or a missing key is nullable."})
final class InferSchemaCommand implements Callable<Integer> {

    @ParentCommand
    AitoIngest root;

    @Parameters(paramLabel = "FILE")
    Path file;

    @Option(names = "--format", paramLabel = "FORMAT", description = "ndjson, json or csv (default: from the file name)")
    DataFormat format;

    @Option(names = "--delimiter", paramLabel = "CHAR", converter = Delimiter.class, description = "CSV cell delimiter (default: ,)")
    Character delimiter;

    @Option(names = "--sample", paramLabel = "ROWS", defaultValue = "10000", description = "Rows to read (default: ${DEFAULT-VALUE})")
    long sample;

    @Override
    public Integer call() throws IOException {
        Console console = root.console();
        InputFile input = InputFile.of(file, format, delimiter);
        SchemaInference.Inferred inferred = SchemaInference.infer(input, sample);
        console.out().println(ApiClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(inferred.schema()));
        console.err().printf(Locale.ROOT, "Inferred from the first %,d rows of %s%n", inferred.rows(), input.name());
        return ExitCode.OK;
    }
}
