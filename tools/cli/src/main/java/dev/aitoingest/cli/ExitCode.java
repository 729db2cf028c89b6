package dev.aitoingest.cli;

/** The tool's exit codes, as the README lists them; 2, a wrong command line, is picocli's own. */
final class ExitCode {

    static final int OK = 0;
    /** Rows failed validation (more than --max-errors of them), or a job ended failed or cancelled. */
    static final int ROWS_FAILED = 1;
    /** The command could not be done: the server, the key, the table or a file was not as it should be. */
    static final int FAILED = 3;

    private ExitCode() {
    }
}
