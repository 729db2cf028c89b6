package dev.aitoingest.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ScopeType;

@Command(name = "aito-ingest", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, versionProvider = AitoIngest.Version.class,
        description = "Uploads data to an aito-ingest deployment, infers table schemas, reads rows and watches jobs.",
        subcommands = {UploadCommand.class, InferSchemaCommand.class, SchemaCommand.class, QueryCommand.class, JobsCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "The deployment: --url or $" + ConnectionOptions.URL_VARIABLE + "; the key: $" + ConnectionOptions.KEY_VARIABLE
                + " (or --key).", "Exit codes: 0 done, 1 rows failed, 2 wrong usage, 3 could not be done (server, key, table or file)."})
public final class AitoIngest {

    /** Set by the launcher script, which can tell whether the error stream is a terminal; Java 17 alone cannot. */
    static final String TERMINAL_PROPERTY = "aito-ingest.terminal";

    private final Console console;

    @Mixin
    ConnectionOptions connection;

    AitoIngest(Console console) {
        this.console = console;
    }

    Console console() {
        return console;
    }

    /** The API client for the URL and key given anywhere on the command line, or in the environment. */
    ApiClient client() {
        return connection.client(console);
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        String terminal = System.getProperty(TERMINAL_PROPERTY);
        boolean interactive = terminal != null ? Boolean.parseBoolean(terminal) : System.console() != null;
        System.exit(run(args, new Console(out, err, System.getenv(), interactive)));
    }

    /** Runs one command line: its output on the console's streams, its exit code returned. */
    static int run(String[] args, Console console) {
        CommandLine commandLine = new CommandLine(new AitoIngest(console));
        commandLine.setCaseInsensitiveEnumValuesAllowed(true)
                .setOut(new PrintWriter(console.out(), true))
                .setErr(new PrintWriter(console.err(), true))
                .setExecutionExceptionHandler((exception, line, parsed) -> {
                    line.getErr().println("aito-ingest: " + oneLine(exception));
                    return ExitCode.FAILED;
                });
        return commandLine.execute(args);
    }

    private static String oneLine(Exception exception) {
        if (exception instanceof CliException) {
            return exception.getMessage();
        }
        String message = exception.getMessage() == null ? exception.getClass().getSimpleName() : exception.getMessage();
        return message.replaceAll("\\s+", " ").strip();
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = AitoIngest.class.getPackage().getImplementationVersion();
            return new String[] {"aito-ingest " + (version == null ? "(development build)" : version)};
        }
    }
}
