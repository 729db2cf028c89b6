package dev.aitoingest.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.aitoingest.Json;
import dev.aitoingest.RowError;
import dev.aitoingest.ServiceException;
import dev.aitoingest.schema.RowValidator;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Reads a single-row body: one JSON object and nothing after it, reported as row 0 when invalid. */
public final class SingleRow {

    private SingleRow() {
    }

    public static void read(byte[] body, RowValidator validator, RowSink sink, RejectedRows rejected) {
        try (JsonParser p = Json.FACTORY.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw ServiceException.badRequest("The body must be one row, a JSON object");
            }
            RowValidator.Problem problem = validator.validate(p);
            if (p.nextToken() != null) {
                throw ServiceException.badRequest("Unexpected content after the row; send one JSON object");
            }
            if (problem == null) {
                problem = RowLimits.tooLong(body.length);
            }
            RowOutlet outlet = new RowOutlet(sink, rejected);
            if (problem == null) {
                outlet.valid(body, 0, body.length, true);
            } else {
                outlet.invalid(RowError.atRow(0, problem.column(), problem.message()), body, 0, body.length);
            }
        } catch (JsonProcessingException e) {
            throw ServiceException.badRequest(Json.malformed(e));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
