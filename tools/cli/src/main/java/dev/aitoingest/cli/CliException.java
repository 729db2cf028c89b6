package dev.aitoingest.cli;

/** Something the user can act on, said in one line; the tool prints the message and exits with {@link ExitCode#FAILED}. */
class CliException extends RuntimeException {

    CliException(String message) {
        super(message);
    }

    CliException(String message, Throwable cause) {
        super(message, cause);
    }
}
