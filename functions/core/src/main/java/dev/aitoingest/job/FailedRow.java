package dev.aitoingest.job;

/**
 * One invalid row of a file, numbered in the order found ({@code sequence}); {@code row} is the
 * line as sent, cut to a safe size.
 */
public record FailedRow(long sequence, long line, String column, String message, String row) {
}
