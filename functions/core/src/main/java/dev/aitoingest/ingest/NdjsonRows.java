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
    private final RowFeed feed = new RowFeed();
    private JsonParser parser;

    public NdjsonRows(RowValidator validator, RowSink sink, RejectedRows rejected) {
        this.validator = validator;
        this.outlet = new RowOutlet(sink, rejected);
    }

    /** Handles the current line; true when it was a row (valid or not), false when blank. */
    public boolean accept(NdjsonLines lines) {
        if (lines.isBlank()) {
            return false;
        }
        accept(lines.buffer(), lines.offset(), lines.length(), lines.lineNumber(), lines.hasCarriageReturn(), lines.tooLong());
        return true;
    }

    /** Handles one non-blank line, as {@link NdjsonLines} read it. */
    void accept(byte[] buffer, int offset, int length, long lineNumber, boolean hasCarriageReturn, boolean tooLong) {
        RowValidator.Problem problem = tooLong ? RowLimits.lineTooLong()
                : validator.acceptsDirectly(buffer, offset, length) ? null : check(buffer, offset, length);
        if (problem == null) {
            outlet.valid(buffer, offset, length, hasCarriageReturn);
        } else {
            outlet.invalid(RowError.atLine(lineNumber, problem.column(), problem.message()), buffer, offset, length);
        }
    }

    /**
     * Checks the line with the parser the lines before it went through. A line that does not end
     * where its object ends (a second value, a syntax error) is checked again with a parser of its
     * own, which names the column the problem is at, and the next line gets a new parser.
     */
    private RowValidator.Problem check(byte[] buffer, int offset, int length) {
        try {
            if (parser == null) {
                feed.restart();
                feed.next(buffer, offset, length);
                parser = Json.FACTORY.createParser(feed);
            } else {
                feed.next(buffer, offset, length);
            }
            parser.nextToken();
            RowValidator.Problem problem = validator.validate(parser);
            // unread bytes left: the row went on, or the parser's input had ended (a bare number looks ahead for more digits)
            long rest = feed.fed() - parser.currentLocation().getByteOffset();
            if (rest >= 0 && rest <= length && isBlank(buffer, offset + length - (int) rest, offset + length)) {
                return problem;
            }
        } catch (JsonProcessingException e) {
            // named below, by a parser of its own
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        parser = null;
        return checkAlone(buffer, offset, length);
    }

    private static boolean isBlank(byte[] buffer, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = buffer[i];
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }

    private RowValidator.Problem checkAlone(byte[] buffer, int offset, int length) {
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
