package dev.aitoingest.ingest;

import java.io.IOException;

/**
 * Input that cannot be read on from where it broke (a CSV quote never closed, bytes that are not
 * UTF-8): a batch or stream refuses it whole; a file job keeps the rows before it and fails.
 */
public final class MalformedUploadException extends IOException {

    private final long line;
    private final String problem;

    MalformedUploadException(long line, String problem, Throwable cause) {
        super("line " + line + ": " + problem, cause);
        this.line = line;
        this.problem = problem;
    }

    /** The physical line where the record that broke starts. */
    public long line() {
        return line;
    }

    public String problem() {
        return problem;
    }
}
