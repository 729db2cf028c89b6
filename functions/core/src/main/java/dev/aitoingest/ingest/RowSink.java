package dev.aitoingest.ingest;

/** Where valid rows go, as the JSON bytes they arrived in. */
public interface RowSink {

    void accept(byte[] buffer, int offset, int length);
}
