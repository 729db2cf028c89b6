package dev.aitoingest.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.aitoingest.Json;
import dev.aitoingest.RowError;
import dev.aitoingest.schema.RowValidator;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Turns NDJSON lines into rows: each non-blank line must hold exactly one valid row. Errors are
 * reported by physical 1-based line number. Shared by stream uploads and file jobs.
 */
public final class NdjsonRows {

    private final RowValidator validator;
    private final RowOutlet outlet;

    public NdjsonRows(RowValidator validator, RowSink sink, RejectedRows rejected) {
        this.validator = validator;
        this.outlet = new RowOutlet(sink, rejected);
    }

    /** Handles the current line; true when it was a row (valid or not), false when blank. */
    public boolean accept(NdjsonLines lines) {
        if (lines.isBlank()) {
            return false;
        }
        byte[] buffer = lines.buffer();
        int offset = lines.offset();
        int length = lines.length();
        RowValidator.Problem problem = lines.tooLong() ? RowLimits.lineTooLong() : check(buffer, offset, length);
        if (problem == null) {
            outlet.valid(buffer, offset, length, lines.hasCarriageReturn());
        } else {
            outlet.invalid(RowError.atLine(lines.lineNumber(), problem.column(), problem.message()), buffer, offset, length);
        }
        return true;
    }

    private RowValidator.Problem check(byte[] buffer, int offset, int length) {
        try (JsonParser p = Json.FACTORY.createParser(buffer, offset, length)) {
            p.nextToken();
            RowValidator.Problem problem = validator.validate(p);
            if (problem == null && p.nextToken() != null) {
                return new RowValidator.Problem(null, "unexpected content after the row; put one row on each line");
            }
            return problem;
        } catch (JsonProcessingException e) {
            return new RowValidator.Problem(null, Json.malformed(e).replace("at line 1, column", "at column"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
