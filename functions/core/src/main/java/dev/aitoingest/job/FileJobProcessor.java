package dev.aitoingest.job;

import dev.aitoingest.HandedOff;
import dev.aitoingest.ServiceException;
import dev.aitoingest.ingest.CsvHeader;
import dev.aitoingest.ingest.CsvRecords;
import dev.aitoingest.ingest.FileRows;
import dev.aitoingest.ingest.GzipMembers;
import dev.aitoingest.ingest.MalformedUploadException;
import dev.aitoingest.ingest.TableWriter;
import dev.aitoingest.schema.RowValidator;
import dev.aitoingest.schema.SchemaService;
import dev.aitoingest.schema.StoredTable;
import dev.aitoingest.storage.SegmentWriter;
import dev.aitoingest.storage.StatsCollector;
import dev.aitoingest.storage.TableChangedException;
import dev.aitoingest.storage.TableRef;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.zip.ZipException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Processes an uploaded file in chunks, streaming: S3 GetObject, gunzip, split into NDJSON lines or
 * CSV records, validate, one segment and one commit per chunk, then the job's checkpoint. NDJSON
 * lines are checked in blocks on every core while one thread reads the file and compresses the
 * segment, and storing a chunk overlaps reading the next, so neither the parser nor storage round
 * trips hold the reading up. Memory is bounded by two chunks, never by
 * the file. Exactly once: a chunk's segment key is derived from the job and chunk number,
 * so a chunk committed twice is folded once, and the checkpoint moves only by a conditional update
 * from the chunk it expects.
 */
public final class FileJobProcessor {

    /** How an invocation ended. */
    public enum Outcome {
        /** The job is done (finished or failed), or was never this invocation's to run. */
        DONE,
        /** Time is up: a continuation must carry on from the checkpoint. */
        CONTINUE
    }

    private static final int GZIP_BUFFER = 64 * 1024;
    /** Inside a chunk, time and the heartbeat are looked at after this many lines or uncompressed bytes. */
    private static final int CHECK_EVERY_LINES = 4096;
    private static final long CHECK_EVERY_BYTES = 4L << 20;

    private final JobStore jobs;
    private final SchemaService schemas;
    private final TableWriter writer;
    private final S3Client s3;
    private final String bucket;
    private final ProcessingSettings settings;
    private final int segmentLevel;
    private final Clock clock;

    public FileJobProcessor(JobStore jobs, SchemaService schemas, TableWriter writer, S3Client s3, String bucket,
                            ProcessingSettings settings, int segmentLevel, Clock clock) {
        this.jobs = jobs;
        this.schemas = schemas;
        this.writer = writer;
        this.s3 = s3;
        this.bucket = bucket;
        this.settings = settings;
        this.segmentLevel = segmentLevel;
        this.clock = clock;
    }

    /**
     * Runs the job from its checkpoint until it is done or {@code timeUp} says to stop. Time is
     * checked between chunks and, every few thousand lines, inside one: a chunk cut short by time
     * is stored as it is, and the continuation starts after it. A chunk is cut only once it has
     * lines, so every invocation makes progress. While it reads, the processor beats the job's
     * heartbeat (each checkpoint is one too), so a stalled job can be told from a slow one, and a
     * job cancelled meanwhile stops within a heartbeat.
     */
    public Outcome process(String jobId, BooleanSupplier timeUp) {
        FileJob job = jobs.find(jobId).orElse(null);
        if (job == null || job.phase() != JobPhase.PROCESSING) {
            return Outcome.DONE;
        }
        StoredTable table = schemas.catalog().tables().get(job.table());
        if (table == null || !table.generation().equals(job.generation())) {
            jobs.fail(jobId, tableGone(job.table()), clock.instant());
            return Outcome.DONE;
        }
        TableRef ref = new TableRef(job.table(), job.generation());
        RowValidator validator = new RowValidator(table.schema());
        Heartbeat heartbeat = new Heartbeat(jobId, clock.instant());
        ExecutorService storage = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "chunk-store-" + jobId);
            thread.setDaemon(true);
            return thread;
        });
        // rows are checked on workers while this thread reads the file, and compressed by a thread of
        // zstd's; with one core, all on this thread
        int threads = FileRows.checkWorkers(Runtime.getRuntime().availableProcessors());
        ExecutorService checking = threads < 1 ? null : Executors.newFixedThreadPool(threads, r -> {
            Thread thread = new Thread(r, "chunk-check-" + jobId);
            thread.setDaemon(true);
            return thread;
        });
        Chunk submitted = null;
        // the object the trigger saw, or none: a file replaced since must not be read from the checkpoint on
        try (CountingStream compressed = new CountingStream(s3.getObject(b -> b.bucket(bucket).key(job.uploadKey()).ifMatch(job.etag())))) {
            InputStream content = openAt(compressed, job.offset());
            FileRows lines;
            try {
                lines = job.csv() == null ? FileRows.ndjson(content, job.linesDone(), job.offset(), checking, threads)
                        : csvRows(job, table, content);
            } catch (ServiceException | MalformedUploadException headerUnfit) {
                jobs.fail(jobId, headerUnfit.getMessage(), clock.instant());
                return Outcome.DONE;
            }
            long number = job.nextChunk();
            long failedBefore = job.failedCount();
            Future<Stored> stored = CompletableFuture.completedFuture(Stored.ADVANCED);
            for (boolean first = true; ; first = false) {
                if (!first && timeUp.getAsBoolean()) {
                    return HandedOff.await(stored, "storing a chunk") == Stored.STOPPED ? Outcome.DONE : Outcome.CONTINUE;
                }
                Chunk chunk = read(number, lines, validator, threads > 0 ? 1 : 0, compressed, failedBefore, job.bytesTotal(), timeUp, heartbeat);
                Stored before;
                try {
                    // chunks are recorded in order: this one only after the one before it
                    before = HandedOff.await(stored, "storing a chunk");
                } catch (RuntimeException | Error e) {
                    chunk.segment().close();
                    throw e;
                }
                if (before != Stored.ADVANCED) {
                    chunk.segment().close();
                    return before == Stored.AGAIN ? Outcome.CONTINUE : Outcome.DONE;
                }
                submitted = chunk;
                stored = storage.submit(() -> {
                    try {
                        return store(jobId, ref, table.schemaVersion(), chunk, heartbeat);
                    } finally {
                        // stored or not, its native zstd context is freed
                        chunk.segment().close();
                    }
                });
                if (chunk.damage() != null || chunk.last() || chunk.cutShort()) {
                    Stored outcome = HandedOff.await(stored, "storing a chunk");
                    return outcome == Stored.AGAIN || outcome == Stored.ADVANCED && chunk.cutShort() ? Outcome.CONTINUE : Outcome.DONE;
                }
                number++;
                failedBefore += chunk.failures().count();
            }
        } catch (ZipException | EOFException e) {
            jobs.fail(jobId, describeDamage(e), clock.instant());
            return Outcome.DONE;
        } catch (S3Exception e) {
            if (e.statusCode() != 412) {
                throw e;
            }
            jobs.fail(jobId, "The file was replaced after the trigger; the rows stored from it before stay. Upload it with a new job",
                    clock.instant());
            return Outcome.DONE;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (checking != null) {
                checking.shutdownNow();
            }
            if (!storage.shutdownNow().isEmpty()) {
                // the last chunk handed over never started storing: its segment is closed here
                submitted.segment().close();
            }
        }
    }

    /** One chunk read and validated, ready to store: its rows, failures, and the checkpoint after it; cut short when time ran out in it. */
    private record Chunk(long number, SegmentWriter segment, LastFailures failures, long lines, ChunkResult result,
                         String damage, boolean last, boolean cutShort) {
    }

    /**
     * Reads rows up to the chunk's limits, or until time is up; damage to the file ends the chunk
     * (and the job) where it is found. A first chunk of nothing but lines that are not JSON is the
     * damage "not NDJSON": stored as any other, so its failing rows are kept before the job fails.
     */
    private Chunk read(long number, FileRows lines, RowValidator validator, int compressionThreads, CountingStream compressed,
                       long failedBefore, long bytesTotal, BooleanSupplier timeUp, Heartbeat heartbeat)
            throws IOException {
        StatsCollector stats = validator.newStats();
        SegmentWriter segment = new SegmentWriter(segmentLevel, stats, compressionThreads);
        try {
            LastFailures failures = new LastFailures(failedBefore);
            FileRows.Chunk rows = lines.chunk(validator.reportingTo(stats), segment::accept, failures);
            String damage = null;
            boolean more = true;
            boolean cutShort = false;
            long lineCount = 0;
            // blank lines count too: a file of blank lines still reaches a chunk's end
            long firstLine = lines.lineNumber();
            long checkedLine = firstLine;
            long checkedPosition = lines.position();
            try {
                while (lines.lineNumber() - firstLine < settings.chunkRows()
                        && segment.uncompressedBytes() + rows.pendingBytes() < settings.chunkBytes() && (more = lines.next())) {
                    if (rows.accept()) {
                        lineCount++;
                    }
                    if (lines.lineNumber() - checkedLine >= CHECK_EVERY_LINES || lines.position() - checkedPosition >= CHECK_EVERY_BYTES) {
                        checkedLine = lines.lineNumber();
                        checkedPosition = lines.position();
                        // a job cancelled or ended elsewhere stops here too: storing the chunk sees it and stops
                        if (!heartbeat.beatIfDue() || timeUp.getAsBoolean()) {
                            cutShort = true;
                            break;
                        }
                    }
                }
            } catch (ZipException | EOFException e) {
                damage = describeDamage(e);
            } catch (MalformedUploadException e) {
                damage = "The file cannot be read on from " + e.getMessage() + "; the rows before it were kept";
            }
            rows.finish();
            if (!more && damage == null && compressed.count() < bytesTotal) {
                // the gzip data ended where the object did not: what follows is not a gzip member
                damage = String.format("The file's gzip data ends after %,d of its %,d bytes; what follows is not gzip, and the "
                        + "rows before it were kept", compressed.count(), bytesTotal);
            }
            if (number == 0 && lineCount > 0 && failures.syntaxErrors() == lineCount) {
                damage = "The file is not NDJSON: no line of the first " + lineCount
                        + " could be read as JSON (put one JSON object on each line)";
            }
            byte[] last = segment.lastRow();
            ChunkResult result = new ChunkResult(segment.rows(), failures.count(), lines.lineNumber(), lines.position(),
                    compressed.count(), last == null ? null : new String(last, StandardCharsets.UTF_8));
            return new Chunk(number, segment, failures, lineCount, result, damage, !more, cutShort && damage == null);
        } catch (IOException | RuntimeException | Error e) {
            segment.close();
            throw e;
        }
    }

    /**
     * Commits the chunk's segment, keeps its failing rows and moves the checkpoint past it; runs on
     * the storage thread while the next chunk is read. Another invocation that recorded the chunk
     * first owns the job from here; a replaced or dropped table ends the job {@code failed}; a
     * changed schema hands the job to a continuation, which reads this chunk again against it.
     */
    private Stored store(String jobId, TableRef ref, long schemaVersion, Chunk chunk, Heartbeat heartbeat) {
        if (jobs.find(jobId).map(job -> job.phase() != JobPhase.PROCESSING).orElse(true)) {
            // cancelled (or ended by another invocation): nothing more is committed
            return Stored.STOPPED;
        }
        if (chunk.segment().rows() > 0) {
            // as uploads read it: a table dropped or replaced since has its generation retired, which refuses the commit
            StoredTable now = schemas.recentTable(ref.table());
            if (now == null || !now.generation().equals(ref.generation())) {
                jobs.fail(jobId, tableGone(ref.table()), clock.instant());
                return Stored.STOPPED;
            }
            try {
                writer.commit(ref, schemaVersion, chunk.segment(), jobId + "-" + String.format("%08d", chunk.number()));
            } catch (TableChangedException changed) {
                if (changed.retired()) {
                    jobs.fail(jobId, tableGone(ref.table()), clock.instant());
                    return Stored.STOPPED;
                }
                return Stored.AGAIN;
            }
        }
        Instant now = clock.instant();
        jobs.keepFailures(jobId, chunk.failures().kept(), now);
        // a chunk committed just before a cancel is still counted: the job's counts stay those of the table
        if (!jobs.advance(jobId, chunk.number(), chunk.result(), now)) {
            return Stored.STOPPED;
        }
        heartbeat.beaten(now);
        if (chunk.damage() != null) {
            jobs.fail(jobId, chunk.damage(), clock.instant());
        } else if (chunk.last()) {
            jobs.finish(jobId, clock.instant());
        }
        return Stored.ADVANCED;
    }

    /** What storing a chunk came to: the job moved past it, this invocation must stop, or a continuation must read it again. */
    private enum Stored {
        ADVANCED, STOPPED, AGAIN
    }

    private static String tableGone(String table) {
        return "Table '" + table + "' was deleted or replaced while the file was being processed; the rows stored before "
                + "went with it";
    }

    /**
     * The job's heartbeat while it is read: written at most every few seconds, and not at all while
     * checkpoints (each a heartbeat too) come more often than that.
     */
    private final class Heartbeat {
        private final String jobId;
        private volatile Instant last;

        Heartbeat(String jobId, Instant start) {
            this.jobId = jobId;
            this.last = start;
        }

        void beaten(Instant at) {
            last = at;
        }

        /** False when the heartbeat found the job no longer processing. */
        boolean beatIfDue() {
            Instant now = clock.instant();
            if (now.isBefore(last.plus(settings.heartbeatInterval()))) {
                return true;
            }
            last = now;
            return jobs.heartbeat(jobId, now);
        }
    }

    /**
     * The CSV records of a job's file from its checkpoint. The header comes first in the file: a
     * job that starts at its beginning reads it there, and one that resumes later reads it again
     * with a second request for the same object.
     */
    private FileRows csvRows(FileJob job, StoredTable table, InputStream content) throws IOException {
        CsvRecords records = new CsvRecords(content, job.csv(), job.linesDone(), job.offset());
        if (job.offset() == 0) {
            return FileRows.csv(records, CsvHeader.read(records, table.schema()));
        }
        ResponseInputStream<GetObjectResponse> file = s3.getObject(b -> b.bucket(bucket).key(job.uploadKey()).ifMatch(job.etag()));
        try {
            CsvRecords start = new CsvRecords(GzipMembers.gunzip(file, GZIP_BUFFER), job.csv(), 0, 0);
            return FileRows.csv(records, CsvHeader.read(start, table.schema()));
        } finally {
            // only the header was wanted: the connection is dropped rather than the rest of the object read
            file.abort();
        }
    }

    /** Gunzips the upload and skips to the checkpoint; skipping re-reads, since gzip cannot seek. */
    private static InputStream openAt(InputStream compressed, long offset) throws IOException {
        InputStream gunzip = GzipMembers.gunzip(compressed, GZIP_BUFFER);
        long left = offset;
        while (left > 0) {
            long skipped = gunzip.skip(left);
            if (skipped <= 0) {
                throw new EOFException("the file ends before the checkpoint at byte " + offset + "; was it replaced?");
            }
            left -= skipped;
        }
        return gunzip;
    }

    private static String describeDamage(IOException e) {
        if (e instanceof EOFException) {
            return "The file is truncated: the gzip stream ends unexpectedly (" + e.getMessage() + ")";
        }
        String message = String.valueOf(e.getMessage());
        if (message.contains("Not in GZIP format")) {
            return "The file is not gzip: upload NDJSON compressed with gzip";
        }
        return "The file is not valid gzip: " + message;
    }

    /** Counts the compressed bytes read from S3, for progress. */
    private static final class CountingStream extends FilterInputStream {
        private long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count += skipped;
            return skipped;
        }

        long count() {
            return count;
        }
    }
}
