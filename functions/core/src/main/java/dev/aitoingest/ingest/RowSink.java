package dev.aitoingest.ingest;

/**
 * Where valid rows go, as the JSON bytes they arrived in. A row handed over is on one line: it
 * holds no line feed or carriage return ({@link RowOutlet} makes it so where needed).
 */
public interface RowSink {

    void accept(byte[] buffer, int offset, int length);
}
