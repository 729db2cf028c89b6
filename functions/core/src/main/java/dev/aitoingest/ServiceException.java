package dev.aitoingest;

import java.util.List;

/**
 * A request the service refuses, with the reason a client can act on. The edges map {@link Kind}
 * to an HTTP status; core code never names status codes.
 */
public final class ServiceException extends RuntimeException {

    public enum Kind { BAD_REQUEST, FORBIDDEN, NOT_FOUND, CONFLICT, PAYLOAD_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE, UNAVAILABLE }

    /** How many row errors a response lists; {@link #errorCount()} gives the full number. */
    public static final int MAX_LISTED_ERRORS = 50;

    private final Kind kind;
    private final List<RowError> errors;
    private final long errorCount;

    private ServiceException(Kind kind, String message, List<RowError> errors, long errorCount) {
        super(message, null, false, false);
        this.kind = kind;
        this.errors = List.copyOf(errors);
        this.errorCount = errorCount;
    }

    public static ServiceException badRequest(String message) {
        return new ServiceException(Kind.BAD_REQUEST, message, List.of(), 0);
    }

    public static ServiceException invalidRows(String message, List<RowError> firstErrors, long errorCount) {
        return new ServiceException(Kind.BAD_REQUEST, message, firstErrors, errorCount);
    }

    public static ServiceException forbidden(String message) {
        return new ServiceException(Kind.FORBIDDEN, message, List.of(), 0);
    }

    public static ServiceException notFound(String message) {
        return new ServiceException(Kind.NOT_FOUND, message, List.of(), 0);
    }

    public static ServiceException conflict(String message) {
        return new ServiceException(Kind.CONFLICT, message, List.of(), 0);
    }

    public static ServiceException payloadTooLarge(String message) {
        return new ServiceException(Kind.PAYLOAD_TOO_LARGE, message, List.of(), 0);
    }

    public static ServiceException unsupportedMediaType(String message) {
        return new ServiceException(Kind.UNSUPPORTED_MEDIA_TYPE, message, List.of(), 0);
    }

    /** A dependency is briefly unavailable: nothing was lost, the same request works again in a moment. */
    public static ServiceException unavailable(String message) {
        return new ServiceException(Kind.UNAVAILABLE, message, List.of(), 0);
    }

    public static ServiceException noSuchTable(String table) {
        return notFound("No such table: " + table);
    }

    public Kind kind() {
        return kind;
    }

    /** The first {@link #MAX_LISTED_ERRORS} row errors, empty when the problem is not about rows. */
    public List<RowError> errors() {
        return errors;
    }

    public long errorCount() {
        return errorCount;
    }
}
