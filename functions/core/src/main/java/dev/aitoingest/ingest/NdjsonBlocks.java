package dev.aitoingest.ingest;

import dev.aitoingest.HandedOff;
import dev.aitoingest.RowError;
import dev.aitoingest.schema.RowValidator;
import dev.aitoingest.storage.StatsCollector;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;

/**
 * A file chunk's NDJSON lines checked in blocks on worker threads, their rows handed on in file
 * order: checking, most of a chunk's work, uses every core while one thread reads the file and
 * hands rows to the segment (checking blocks too when it is ahead). Each block is checked by a
 * validator of its own into statistics of its own, which the chunk's statistics take in as the
 * block's rows are handed on. Memory is bounded by the blocks in flight.
 */
final class NdjsonBlocks implements FileRows.Chunk {

    private static final int BLOCK_LINES = 2048;
    private static final int BLOCK_BYTES = 1 << 20;

    private final NdjsonLines lines;
    private final RowValidator validator;
    private final StatsCollector chunkStats;
    private final RowSink sink;
    private final RejectedRows rejected;
    private final Executor workers;
    private final int maxInFlight;
    private final Deque<FutureTask<Block>> inFlight = new ArrayDeque<>();
    /** Blocks handed on, kept for the next lines: a chunk's blocks are allocated once, not once per 2,048 lines. */
    private final Deque<Block> free = new ArrayDeque<>();
    private Block filling;
    private long pendingBytes;

    /** {@code validator} reports to the chunk's statistics, which the sink (the segment) commits rows to. */
    NdjsonBlocks(NdjsonLines lines, RowValidator validator, RowSink sink, RejectedRows rejected, Executor workers, int threads) {
        this.lines = lines;
        this.validator = validator;
        this.chunkStats = validator.stats();
        this.sink = sink;
        this.rejected = rejected;
        this.workers = workers;
        this.maxInFlight = 2 * threads;
    }

    @Override
    public boolean accept() {
        if (lines.isBlank()) {
            return false;
        }
        if (filling == null) {
            filling = free.isEmpty() ? new Block() : free.pop().clear();
        }
        filling.add(lines);
        pendingBytes += lines.length() + 1;
        if (filling.isFull()) {
            submit();
        }
        return true;
    }

    @Override
    public long pendingBytes() {
        return pendingBytes;
    }

    @Override
    public void finish() {
        if (filling != null) {
            submit();
        }
        while (!inFlight.isEmpty()) {
            handOnOldest();
        }
    }

    private void submit() {
        Block block = filling;
        filling = null;
        FutureTask<Block> task = new FutureTask<>(() -> block.check(validator));
        inFlight.add(task);
        workers.execute(task);
        while (inFlight.size() > maxInFlight || !inFlight.isEmpty() && inFlight.peek().isDone()) {
            handOnOldest();
        }
    }

    /**
     * Hands on the oldest block once it is checked. Rather than wait for it, this thread checks the
     * newest block a worker has not started (workers take the oldest first): when reading is ahead,
     * this thread checks too, so no core idles while another has work queued.
     */
    private void handOnOldest() {
        if (!inFlight.peek().isDone()) {
            for (Iterator<FutureTask<Block>> newestFirst = inFlight.descendingIterator(); newestFirst.hasNext(); ) {
                FutureTask<Block> task = newestFirst.next();
                if (!task.isDone()) {
                    // one a worker has started does not run again: run() then returns at once
                    task.run();
                    break;
                }
            }
        }
        handOn(HandedOff.await(inFlight.poll(), "checking rows"));
    }

    private void handOn(Block block) {
        if (chunkStats != null) {
            chunkStats.absorb(block.stats);
        }
        for (int i = 0; i < block.validCount; i++) {
            sink.accept(block.data, block.validStarts[i], block.validLengths[i]);
        }
        for (Rejection r : block.rejections) {
            rejected.reject(r.error(), r.raw(), 0, r.raw().length);
        }
        pendingBytes -= block.bytes();
        free.push(block);
    }

    private record Rejection(RowError error, byte[] raw) {
    }

    /** Lines copied out of the reader's buffer, then checked on a worker into valid rows and rejections. */
    private static final class Block {
        private byte[] data = new byte[BLOCK_BYTES + 64 * 1024];
        private int size;
        private final int[] starts = new int[BLOCK_LINES];
        private final int[] lengths = new int[BLOCK_LINES];
        private final long[] lineNumbers = new long[BLOCK_LINES];
        private final boolean[] carriageReturns = new boolean[BLOCK_LINES];
        private final boolean[] tooLong = new boolean[BLOCK_LINES];
        private int count;

        private StatsCollector stats;
        /** Valid rows stay where they are in {@code data}: a row rewritten on one line goes back in its own place. */
        private final int[] validStarts = new int[BLOCK_LINES];
        private final int[] validLengths = new int[BLOCK_LINES];
        private int validCount;
        /** The line being checked, where its row goes back if it is rewritten. */
        private int checking;
        private final List<Rejection> rejections = new ArrayList<>();

        Block clear() {
            size = 0;
            count = 0;
            validCount = 0;
            rejections.clear();
            return this;
        }

        void add(NdjsonLines line) {
            int length = line.length();
            if (size + length > data.length) {
                data = Arrays.copyOf(data, Math.max(size + length, data.length * 2));
            }
            System.arraycopy(line.buffer(), line.offset(), data, size, length);
            starts[count] = size;
            lengths[count] = length;
            lineNumbers[count] = line.lineNumber();
            carriageReturns[count] = line.hasCarriageReturn();
            tooLong[count] = line.tooLong();
            size += length;
            count++;
        }

        /** The block's lines as NDJSON: each with its line break. */
        long bytes() {
            return size + count;
        }

        boolean isFull() {
            return count == BLOCK_LINES || size >= BLOCK_BYTES;
        }

        Block check(RowValidator chunkValidator) {
            stats = chunkValidator.stats() == null ? null : chunkValidator.newStats();
            RowSink kept = (buffer, offset, length) -> {
                int at = starts[checking];
                if (buffer != data || offset != at) {
                    System.arraycopy(buffer, offset, data, at, length);
                }
                validStarts[validCount] = at;
                validLengths[validCount++] = length;
                if (stats != null) {
                    stats.commitRow();
                }
            };
            RejectedRows refused = (error, raw, offset, length) -> rejections.add(new Rejection(error, Arrays.copyOfRange(raw, offset, offset + length)));
            NdjsonRows rows = new NdjsonRows(stats == null ? chunkValidator : chunkValidator.reportingTo(stats), kept, refused);
            for (checking = 0; checking < count; checking++) {
                int i = checking;
                rows.accept(data, starts[i], lengths[i], lineNumbers[i], carriageReturns[i], tooLong[i]);
            }
            return this;
        }
    }
}
