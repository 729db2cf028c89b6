package dev.aitoingest.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.aitoingest.Json;
import dev.aitoingest.RowError;
import dev.aitoingest.ServiceException;
import dev.aitoingest.schema.JsonKinds;
import dev.aitoingest.schema.RowValidator;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Reads a batch body (a JSON array of rows) with one streaming parser, handing each valid row's
 * own bytes to the sink and each invalid one, by its 0-based index, to the rejected rows.
 */
public final class JsonArrayRows {

    private JsonArrayRows() {
    }

    /** Returns the number of elements; a body that is not a JSON array at all is a 400. */
    public static long read(byte[] body, RowValidator validator, RowSink sink, RejectedRows rejected) {
        RowOutlet outlet = new RowOutlet(sink, rejected);
        try (JsonParser p = Json.FACTORY.createParser(body)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_ARRAY) {
                throw ServiceException.badRequest("The body must be a JSON array of rows, got " + JsonKinds.inProse(first));
            }
            long row = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                int start = (int) p.currentTokenLocation().getByteOffset();
                RowValidator.Problem problem = validator.validate(p);
                int length = (int) p.currentLocation().getByteOffset() - start;
                if (problem == null) {
                    problem = RowLimits.tooLong(length);
                }
                if (problem == null) {
                    outlet.valid(body, start, length, true);
                } else {
                    outlet.invalid(RowError.atRow(row, problem.column(), problem.message()), body, start, length);
                }
                row++;
            }
            if (p.nextToken() != null) {
                throw ServiceException.badRequest("Unexpected content after the JSON array at line "
                        + p.currentTokenLocation().getLineNr() + ", column " + p.currentTokenLocation().getColumnNr());
            }
            return row;
        } catch (JsonProcessingException e) {
            throw ServiceException.badRequest(Json.malformed(e));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
