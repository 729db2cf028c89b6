package dev.aitoingest.bench;

import dev.aitoingest.Json;
import dev.aitoingest.job.FileJob;
import dev.aitoingest.job.JobPhase;
import dev.aitoingest.job.UploadKeys;
import dev.aitoingest.storage.TableRef;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Proves the processor's memory is bounded by its chunk, not by the file: processes a gzipped
 * NDJSON file several times larger than the heap (run it with -Xmx256m) and prints the peak heap
 * used while it ran and whether every row was stored exactly once. Exits 1 if not.
 *
 * <p>Arguments: the uncompressed size in MiB (default 1024).
 */
public final class MemoryBound {

    /** The line a parent benchmark reads the figures from. */
    static final String RESULT_PREFIX = "memory-bound-result ";

    public static void main(String[] args) throws Exception {
        long mib = args.length > 0 ? Long.parseLong(args[0]) : 1024;
        Path work = Files.createTempDirectory("aito-memory-bound");
        try {
            System.exit(run(mib << 20, work) ? 0 : 1);
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static boolean run(long bytes, Path work) throws Exception {
        Path file = work.resolve("rows.ndjson.gz");
        long rows;
        try (OutputStream out = new GZIPOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16), 1 << 16)) {
            rows = BenchData.write(out, bytes, 42);
        }
        long size = Files.size(file);
        try (LocalStack stack = new LocalStack(work.resolve("data"))) {
            stack.core.schemas().putTable("bench", Json.MAPPER.readTree(BenchData.TABLE_SCHEMA));
            String generation = stack.core.schemas().table("bench").generation();
            String id = UUID.randomUUID().toString();
            stack.core.jobs().create(id, "bench", null, Instant.now());
            String etag = stack.clients.s3().putObject(b -> b.bucket(stack.settings.bucket()).key(UploadKeys.of("bench", id)),
                    RequestBody.fromFile(file)).eTag();
            stack.core.jobs().start(id, generation, size, etag, Instant.now());

            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            System.gc();
            long baseline = memory.getHeapMemoryUsage().getUsed();
            AtomicLong peak = new AtomicLong();
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            sampler.setDaemon(true);
            sampler.start();
            long start = System.nanoTime();
            stack.core.processor().process(id, () -> false);
            double seconds = (System.nanoTime() - start) / 1e9;
            sampler.interrupt();

            FileJob job = stack.core.jobs().find(id).orElseThrow();
            long stored = stack.core.commitLog().read(new TableRef("bench", generation)).rows();
            boolean exact = job.phase() == JobPhase.FINISHED && job.completedCount() == rows && stored == rows;
            long maxHeap = memory.getHeapMemoryUsage().getMax();
            System.out.printf("file:            %,d rows, %,d MiB NDJSON, %,d MiB gzipped%n", rows, bytes >> 20, size >> 20);
            System.out.printf("max heap (-Xmx): %,d MiB  (file is %.1fx the heap)%n", maxHeap >> 20, (double) bytes / maxHeap);
            System.out.printf("heap in use:     %,d MiB before, %,d MiB peak while processing (sampled every 20 ms)%n",
                    baseline >> 20, peak.get() >> 20);
            System.out.printf("processing:      %.1f s, %,.0f rows/s, %.1f MB/s of NDJSON%n", seconds, rows / seconds, bytes / seconds / 1e6);
            System.out.printf("result:          phase %s, completedCount %,d, rows stored %,d: %s%n", job.phase().wireName(),
                    job.completedCount(), stored, exact ? "EXACT" : "MISMATCH");
            System.out.println(RESULT_PREFIX + Json.MAPPER.createObjectNode().put("rows", rows).put("ndjsonBytes", bytes)
                    .put("gzippedBytes", size).put("maxHeapBytes", maxHeap).put("peakHeapBytes", peak.get())
                    .put("seconds", seconds).put("exact", exact));
            return exact;
        }
    }
}
