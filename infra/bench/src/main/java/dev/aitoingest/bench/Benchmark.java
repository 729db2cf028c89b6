package dev.aitoingest.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aitoingest.Json;
import dev.aitoingest.ingest.FileRows;
import dev.aitoingest.job.FileJob;
import dev.aitoingest.job.FileJobs;
import dev.aitoingest.query.SearchRequest;
import dev.aitoingest.storage.StorageSettings;
import dev.aitoingest.storage.TableRef;
import dev.aitoingest.storage.VersionAllocation;
import dev.aitoingest.wiring.CoreComponents;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * The benchmark: every figure next to a baseline measured in the same run. Prints one table and
 * writes the same figures as JSON to infra/bench/target/bench-results.json.
 *
 * <p>Arguments: the path of the API function.zip, then optionally {@code --quick} for smaller sizes
 * and {@code --only} with a comma-separated list of sections to run ({@link #SECTIONS}; the file
 * job's ratio needs {@code throughput} too).
 */
public final class Benchmark {

    static final List<String> SECTIONS = List.of("throughput", "file", "latency", "concurrent", "contention", "reads", "startup", "memory");

    private final ArrayNode results = Json.MAPPER.createArrayNode();
    private final boolean quick;
    private final List<String> sections;
    private final Path apiZip;
    private final Path work;

    private Benchmark(Path apiZip, boolean quick, List<String> sections, Path work) {
        this.apiZip = apiZip;
        this.quick = quick;
        this.sections = sections;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        Path zip = Path.of(args[0]);
        List<String> arguments = Arrays.asList(args);
        boolean quick = arguments.contains("--quick");
        int only = arguments.indexOf("--only");
        List<String> sections = only < 0 ? SECTIONS : List.of(args[only + 1].split(","));
        if (!SECTIONS.containsAll(sections)) {
            throw new IllegalArgumentException("--only takes sections among " + SECTIONS);
        }
        Path work = Files.createTempDirectory("aito-bench");
        try {
            new Benchmark(zip, quick, sections, work).run();
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.exit(0);
    }

    private void run() throws Exception {
        System.out.printf("machine: %d cores, Java %s, %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        double fullPathRowsPerSecond = sections.contains("throughput") ? coreThroughput() : Double.NaN;
        try (LocalStack stack = new LocalStack(work.resolve("data"))) {
            if (sections.contains("file")) {
                endToEndFileJob(stack, fullPathRowsPerSecond);
            }
            if (sections.contains("latency")) {
                latency(stack);
            }
            if (sections.contains("concurrent")) {
                concurrentBatches(stack);
            }
            if (sections.contains("contention")) {
                contention(stack);
            }
            if (sections.contains("reads")) {
                reads(stack);
            }
            if (sections.contains("startup")) {
                startUp(stack);
            }
        }
        if (sections.contains("memory")) {
            memoryBound();
        }
        Path out = Path.of("infra", "bench", "target", "bench-results.json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(results));
        System.out.println("\nwritten: " + out);
    }

    private void row(String section, String measure, String value, String baseline, String ratio, String target) {
        System.out.printf("%-4s %-58s %-26s %-20s %-8s %s%n", section, measure, value, baseline, ratio, target);
    }

    private ObjectNode result(String name) {
        return results.addObject().put("measure", name);
    }

    /** (1) one thread, in memory: full path against (a) gunzip + count and (b) gunzip + split + parse. */
    private double coreThroughput() throws Exception {
        long mib = quick ? 64 : 256;
        CoreThroughput core = new CoreThroughput(mib << 20, 1);
        CoreThroughput.Result a = core.gunzipAndCountLines(3);
        CoreThroughput.Result b = core.gunzipSplitParse(3);
        CoreThroughput.Result c = core.fullPath(3);
        CoreThroughput.Result d = core.csvFullPath(3);
        // as the processor: the reading thread, and a worker on each other core
        int threads = Math.max(1, FileRows.checkWorkers(Runtime.getRuntime().availableProcessors()));
        CoreThroughput.Result e = core.fullPathAllCores(3, threads);
        System.out.printf("%n(1) core file processing, one thread: %,d rows, %d MiB NDJSON (%d bytes a row), %d MiB gzipped, best of 3%n",
                core.rows(), mib, (mib << 20) / core.rows(), core.gzippedBytes() >> 20);
        for (CoreThroughput.Result r : List.of(a, b, c, d, e)) {
            row("(1)", r.name(), String.format("%,.0f rows/s", r.rowsPerSecond()), String.format("%.1f MB/s", r.megabytesPerSecond()), "", "");
            result("core: " + r.name()).put("rowsPerSecond", r.rowsPerSecond()).put("megabytesPerSecond", r.megabytesPerSecond());
        }
        double ratio = c.megabytesPerSecond() / b.megabytesPerSecond();
        row("(1)", "full path / (b)", "", "", String.format("%.2f", ratio), ">= 0.70 " + (ratio >= 0.7 ? "met" : "MISSED"));
        row("(1)", "full path / (a)", "", "", String.format("%.2f", c.megabytesPerSecond() / a.megabytesPerSecond()), "");
        result("core: full path / (b)").put("ratio", ratio).put("target", 0.7);
        double allCores = e.megabytesPerSecond() / b.megabytesPerSecond();
        row("(1)", "full path on all " + Runtime.getRuntime().availableProcessors() + " cores (e) / (b)", "", "", String.format("%.2f", allCores),
                ">= 1.20 " + (allCores >= 1.2 ? "met" : "MISSED"));
        row("(1)", "(e) / (c)", "", "", String.format("%.2f", e.megabytesPerSecond() / c.megabytesPerSecond()), "");
        result("core: full path on all cores / (b)").put("ratio", allCores).put("target", 1.2).put("threads", threads);
        // the same rows as CSV: compared by rows, since the CSV holds fewer bytes than the NDJSON
        double csvRatio = d.rowsPerSecond() / c.rowsPerSecond();
        row("(1)", "CSV full path / NDJSON full path (rows/s)", "", "", String.format("%.2f", csvRatio),
                ">= 0.60 " + (csvRatio >= 0.6 ? "met" : "MISSED"));
        result("core: CSV full path / NDJSON full path").put("ratio", csvRatio).put("target", 0.6);
        return c.rowsPerSecond();
    }

    /**
     * (2) init, presigned PUT, trigger, poll to finished, on s3proxy and dynalite; after one smaller
     * job that warms the JIT and the connections, as a processor that has run before would be.
     */
    private void endToEndFileJob(LocalStack stack, double fullPathRowsPerSecond) throws Exception {
        long rows = quick ? 200_000 : 1_000_000;
        stack.core.schemas().putTable("e2e", Json.MAPPER.readTree(BenchData.TABLE_SCHEMA));
        FileJobs jobs = stack.core.fileJobs();
        fileJob(jobs, gzippedRows(rows / 5, "warm-up"));
        Path file = gzippedRows(rows, "e2e");
        double[] times = fileJob(jobs, file);
        double seconds = times[0];
        double uploaded = times[1];
        double rate = rows / seconds;
        System.out.printf("%n(2) end-to-end local file job: %,d rows, %d MiB gzipped (after a warm-up job of %,d rows)%n",
                rows, Files.size(file) >> 20, rows / 5);
        row("(2)", "  of which init + presigned PUT", String.format("%.1f s", uploaded), "", "", "");
        row("(2)", "  of which trigger to finished (processing)", String.format("%.1f s", seconds - uploaded),
                String.format("%,.0f rows/s", rows / (seconds - uploaded)), "", "");
        row("(2)", "init + presigned PUT + trigger + poll to finished", String.format("%.1f s", seconds),
                String.format("%,.0f rows/s", rate), String.format("%.2f", rate / fullPathRowsPerSecond),
                ">= 0.50 of (1) " + (rate / fullPathRowsPerSecond >= 0.5 ? "met" : "MISSED"));
        result("end-to-end file job").put("rows", rows).put("seconds", seconds).put("uploadSeconds", uploaded)
                .put("rowsPerSecond", rate).put("ratioToCore", rate / fullPathRowsPerSecond).put("target", 0.5);
    }

    private Path gzippedRows(long rows, String name) throws Exception {
        Path file = work.resolve(name + ".ndjson.gz");
        SplittableRandom random = new SplittableRandom(7);
        try (OutputStream out = new GZIPOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16), 1 << 16)) {
            for (long i = 0; i < rows; i++) {
                out.write(BenchData.row(i, random));
            }
        }
        return file;
    }

    /** Runs one file job end to end; answers {total seconds, seconds to upload}. */
    private static double[] fileJob(FileJobs jobs, Path file) throws Exception {
        long start = System.nanoTime();
        FileJobs.Upload upload = jobs.init("e2e");
        int put = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(upload.url()))
                .PUT(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        if (put != 200) {
            throw new IllegalStateException("presigned PUT answered " + put);
        }
        double uploaded = (System.nanoTime() - start) / 1e9;
        jobs.trigger("e2e", upload.id());
        FileJob job;
        do {
            Thread.sleep(20);
            job = jobs.status("e2e", upload.id()).job();
        } while (!job.phase().isDone());
        if (job.phase() != dev.aitoingest.job.JobPhase.FINISHED) {
            throw new IllegalStateException("end-to-end job ended " + job.phase().wireName() + ": " + job.error());
        }
        return new double[] {(System.nanoTime() - start) / 1e9, uploaded};
    }

    /** (3) the packaged API function, warm: p50 and p99 of 6 MB batch and stream uploads and of 100-row batches. */
    private void latency(LocalStack stack) throws Exception {
        Path unpacked = dev.aitoingest.localrun.PackagedFunction.unpack(apiZip, work.resolve("api"));
        try (PackagedApi api = PackagedApi.start(unpacked, stack)) {
            PackagedApi.ok(api.request("PUT", "/api/v1/schema/latency", "application/json",
                    BenchData.TABLE_SCHEMA.getBytes(StandardCharsets.UTF_8)));
            byte[] bigStream = ndjson(6_000_000);
            byte[] bigBatch = array(bigStream);
            byte[] smallBatch = array(ndjsonRows(100));
            for (int i = 0; i < 3; i++) {
                PackagedApi.ok(api.request("POST", "/api/v1/data/latency/batch", "application/json", bigBatch));
                PackagedApi.ok(api.request("POST", "/api/v1/data/latency/batch", "application/json", smallBatch));
            }
            int bigRuns = quick ? 5 : 20;
            System.out.printf("%n(3) latency on the warm packaged API function (Lambda events through a local Runtime API)%n");
            latencyRow(api, "6 MB batch (" + bigBatch.length + " bytes, JSON array)", "/api/v1/data/latency/batch",
                    "application/json", bigBatch, bigRuns, "p50 < 1 s");
            latencyRow(api, "6 MB stream (" + bigStream.length + " bytes, NDJSON)", "/api/v1/data/latency/stream",
                    "application/x-ndjson", bigStream, bigRuns, "");
            latencyRow(api, "100-row batch", "/api/v1/data/latency/batch", "application/json", smallBatch, quick ? 50 : 200, "");
            latencyRow(api, "GET /version (no storage: the invocation path alone)", "/version", null, null, quick ? 50 : 200, "");
        }
    }

    private void latencyRow(PackagedApi api, String name, String path, String type, byte[] body, int runs, String target) throws Exception {
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            PackagedApi.ok(api.request(body == null ? "GET" : "POST", path, type, body));
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        double p50 = ms[runs / 2];
        double p99 = ms[Math.min(runs - 1, (int) Math.ceil(runs * 0.99) - 1)];
        String met = target.isEmpty() ? "" : target + (p50 < 1000 ? " met" : " MISSED");
        row("(3)", name + ", " + runs + " runs", String.format("p50 %.0f ms", p50), String.format("p99 %.0f ms", p99), "", met);
        result("latency: " + name).put("runs", runs).put("p50Ms", p50).put("p99Ms", p99);
    }

    /** (3) 16 concurrent 1,000-row batches to one table through the commit path (commit races included). */
    private void concurrentBatches(LocalStack stack) throws Exception {
        stack.core.schemas().putTable("concurrent", Json.MAPPER.readTree(BenchData.TABLE_SCHEMA));
        byte[] batch = array(ndjsonRows(1000));
        ExecutorService pool = Executors.newFixedThreadPool(16);
        int rounds = quick ? 2 : 5;
        long start = System.nanoTime();
        for (int round = 0; round < rounds; round++) {
            List<Future<Long>> done = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                done.add(pool.submit(() -> stack.core.writer().appendBatch("concurrent", batch)));
            }
            for (Future<Long> f : done) {
                f.get();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        long stored = stack.core.commitLog().read(new dev.aitoingest.storage.TableRef("concurrent", stack.core.schemas().table("concurrent").generation())).rows();
        long expected = 16_000L * rounds;
        row("(3)", "16 concurrent 1,000-row batches, one table, " + rounds + " rounds", String.format("%,.0f rows/s", expected / seconds),
                stored == expected ? "all stored once" : "STORED " + stored + " of " + expected, "", "");
        result("16 concurrent 1,000-row batches").put("rowsPerSecond", expected / seconds).put("exact", stored == expected);
    }

    /**
     * (3) 64 writers, each a process of its own (as 64 Lambda instances are), posting 100-row
     * batches to one table back to back: commits per second and batch latency, with versions
     * claimed from the counter and, as the baseline, raced for by conditional put.
     */
    private void contention(LocalStack stack) throws Exception {
        int writers = 64;
        int batches = quick ? 3 : 6;
        byte[] batch = array(ndjsonRows(100));
        Map<VersionAllocation, double[]> figures = new EnumMap<>(VersionAllocation.class);
        for (VersionAllocation versions : List.of(VersionAllocation.RACE, VersionAllocation.COUNTER)) {
            String table = "contended_" + versions.name().toLowerCase(Locale.ROOT);
            stack.core.schemas().putTable(table, Json.MAPPER.readTree(BenchData.TABLE_SCHEMA));
            StorageSettings settings = stack.settings.withVersions(versions, StorageSettings.DEFAULT_HOLE_TIMEOUT);
            List<CoreComponents> processes = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                processes.add(stack.process(settings));
            }
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            // one untimed batch each: every process has read the schema and the log once, as warm instances have
            List<Future<Long>> warm = new ArrayList<>();
            for (CoreComponents process : processes) {
                warm.add(pool.submit(() -> process.writer().appendBatch(table, batch)));
            }
            for (Future<Long> f : warm) {
                f.get();
            }
            CountDownLatch go = new CountDownLatch(1);
            List<Future<double[]>> done = new ArrayList<>();
            for (CoreComponents process : processes) {
                done.add(pool.submit(() -> {
                    go.await();
                    double[] ms = new double[batches];
                    for (int b = 0; b < batches; b++) {
                        long start = System.nanoTime();
                        process.writer().appendBatch(table, batch);
                        ms[b] = (System.nanoTime() - start) / 1e6;
                    }
                    return ms;
                }));
            }
            long start = System.nanoTime();
            go.countDown();
            double[] all = new double[writers * batches];
            int n = 0;
            for (Future<double[]> f : done) {
                for (double ms : f.get()) {
                    all[n++] = ms;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            Arrays.sort(all);
            long stored = stack.core.commitLog().read(new TableRef(table, stack.core.schemas().table(table).generation())).rows();
            long expected = 100L * writers * (batches + 1);
            double commitsPerSecond = all.length / seconds;
            double p99 = all[Math.min(all.length - 1, (int) Math.ceil(all.length * 0.99) - 1)];
            figures.put(versions, new double[] {commitsPerSecond, all[all.length / 2], p99});
            result("contention: " + writers + " writers, 100-row batches, versions " + versions.name().toLowerCase(Locale.ROOT))
                    .put("commitsPerSecond", commitsPerSecond).put("p50Ms", all[all.length / 2]).put("p99Ms", p99)
                    .put("exact", stored == expected);
            if (stored != expected) {
                row("(3)", "contention, versions " + versions.name().toLowerCase(Locale.ROOT), "STORED " + stored + " of " + expected, "", "", "");
            }
        }
        double[] counter = figures.get(VersionAllocation.COUNTER);
        double[] race = figures.get(VersionAllocation.RACE);
        boolean met = counter[0] >= 300 && counter[2] < 500;
        row("(3)", writers + " writers x " + batches + " 100-row batches, one table: commits/s", String.format("counter %.0f/s", counter[0]),
                String.format("race %.0f/s", race[0]), String.format("%.1f", counter[0] / race[0]),
                ">= 300/s, p99 < 500 ms " + (met ? "met" : "MISSED"));
        row("(3)", "  batch latency, counter", String.format("p50 %.0f ms", counter[1]), String.format("p99 %.0f ms", counter[2]), "", "");
        row("(3)", "  batch latency, race", String.format("p50 %.0f ms", race[1]), String.format("p99 %.0f ms", race[2]), "", "");
    }

    /**
     * (6) reads of a table built by 1,000 batches (200 with --quick) from 8 writers, before and
     * after optimize: p50 of a page in the middle without a filter, of a where that matches 1 % of
     * the rows on a column the data is roughly sorted by, and of orderBy with limit 10.
     */
    private void reads(LocalStack stack) throws Exception {
        int batches = quick ? 200 : 1000;
        long rows = batches * 1000L;
        stack.core.schemas().putTable("reads", Json.MAPPER.readTree(BenchData.TABLE_SCHEMA));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        long start = System.nanoTime();
        List<Future<Long>> done = new ArrayList<>();
        for (int batch = 0; batch < batches; batch++) {
            byte[] body = array(ndjsonRows(batch * 1000, 1000));
            done.add(pool.submit(() -> stack.core.writer().appendBatch("reads", body)));
        }
        for (Future<Long> f : done) {
            f.get();
        }
        pool.shutdown();
        System.out.printf("%n(6) reads of a %,d-row table built by %,d batches of 1,000 rows from 8 writers (%.1f s), p50 of 10 runs%n",
                rows, batches, (System.nanoTime() - start) / 1e9);
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("unfiltered page in the middle", "{\"from\":\"reads\",\"offset\":" + rows / 2 + ",\"limit\":10}");
        queries.put("where matching 1 % (id range)", "{\"from\":\"reads\",\"where\":{\"$and\":[{\"id\":{\"$gte\":" + rows / 3
                + "}},{\"id\":{\"$lt\":" + (rows / 3 + rows / 100) + "}}]},\"limit\":10}");
        queries.put("orderBy price desc, limit 10", "{\"from\":\"reads\",\"orderBy\":{\"$desc\":\"price\"},\"limit\":10}");
        Map<String, Double> before = new LinkedHashMap<>();
        for (Map.Entry<String, String> query : queries.entrySet()) {
            before.put(query.getKey(), p50(stack, query.getValue()));
        }
        long optimizeStart = System.nanoTime();
        stack.core.rewriter().optimize("reads");
        double optimizeSeconds = (System.nanoTime() - optimizeStart) / 1e9;
        row("(6)", "optimize: " + stack.core.commitLog().read(new dev.aitoingest.storage.TableRef("reads",
                stack.core.schemas().table("reads").generation())).segments().size() + " segments left of " + batches,
                String.format("%.1f s", optimizeSeconds), String.format("%,.0f rows/s", rows / optimizeSeconds), "", "");
        result("optimize").put("rows", rows).put("seconds", optimizeSeconds).put("rowsPerSecond", rows / optimizeSeconds);
        Map<String, Double> targets = Map.of("unfiltered page in the middle", 100.0, "where matching 1 % (id range)", 500.0);
        for (Map.Entry<String, String> query : queries.entrySet()) {
            double after = p50(stack, query.getValue());
            Double target = targets.get(query.getKey());
            row("(6)", query.getKey(), String.format("after %.0f ms", after), String.format("before %.0f ms", before.get(query.getKey())), "",
                    target == null ? "" : String.format("< %.0f ms %s", target, after < target ? "met" : "MISSED"));
            result("read: " + query.getKey()).put("p50MsBefore", before.get(query.getKey())).put("p50MsAfter", after);
        }
    }

    private static double p50(LocalStack stack, String query) throws Exception {
        SearchRequest request = SearchRequest.parse(Json.MAPPER.readTree(query));
        stack.core.search().search(request);
        double[] ms = new double[10];
        for (int i = 0; i < ms.length; i++) {
            long start = System.nanoTime();
            stack.core.search().search(request);
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        return ms[ms.length / 2];
    }

    /** (5) launching the packaged API function to its first answered request, a proxy for a cold start. */
    private void startUp(LocalStack stack) throws Exception {
        Path unpacked = work.resolve("api");
        if (!Files.exists(unpacked)) {
            dev.aitoingest.localrun.PackagedFunction.unpack(apiZip, unpacked);
        }
        int runs = quick ? 3 : 5;
        double[] plain = launches(stack, unpacked, null, runs);
        Path archive = work.resolve("api-classes.jsa");
        // one training run writes the archive as the function exits, as the local run's first start does
        launches(stack, unpacked, archive, 1);
        double[] shared = Files.exists(archive) ? launches(stack, unpacked, archive, runs) : null;
        System.out.printf("%n(5) start-up of the packaged API function%n");
        row("(5)", "launch to first answered request, median of " + runs, String.format("%.0f ms", plain[runs / 2]),
                String.format("min %.0f, max %.0f", plain[0], plain[runs - 1]), "", "");
        result("start-up to first answer").put("medianMs", plain[runs / 2]).put("runs", runs);
        if (shared == null) {
            row("(5)", "  with a class-data sharing archive", "NO ARCHIVE WRITTEN", "", "", "");
            return;
        }
        double cut = 1 - shared[runs / 2] / plain[runs / 2];
        row("(5)", "  with a class-data sharing archive (AppCDS), median of " + runs, String.format("%.0f ms", shared[runs / 2]),
                String.format("min %.0f, max %.0f", shared[0], shared[runs - 1]), String.format("-%.0f%%", cut * 100),
                ">= 30% below " + (cut >= 0.3 ? "met" : "MISSED"));
        result("start-up to first answer, class-data sharing").put("medianMs", shared[runs / 2]).put("runs", runs)
                .put("archiveBytes", Files.size(archive));
    }

    /** Launch-to-first-answer times of the packaged function, sorted. */
    private static double[] launches(LocalStack stack, Path unpacked, Path classArchive, int runs) throws Exception {
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            try (PackagedApi api = PackagedApi.start(unpacked, stack, classArchive)) {
                PackagedApi.ok(api.request("GET", "/version", null, null));
                ms[i] = (System.nanoTime() - start) / 1e6;
            }
        }
        Arrays.sort(ms);
        return ms;
    }

    /** (4) a child JVM with -Xmx256m processes a file several times its heap. */
    private void memoryBound() throws Exception {
        long mib = quick ? 384 : 1024;
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-D" + "local-emulators.dir=" + System.getProperty("local-emulators.dir", "infra/emulators"),
                "-cp", System.getProperty("java.class.path"), MemoryBound.class.getName(), Long.toString(mib));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        JsonNode figures = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(MemoryBound.RESULT_PREFIX)) {
                    figures = Json.MAPPER.readTree(line.substring(MemoryBound.RESULT_PREFIX.length()));
                }
            }
        }
        int exit = child.waitFor();
        System.out.printf("%n(4) memory bound: the processor in a JVM with -Xmx256m%n");
        if (figures == null) {
            row("(4)", "memory-bound run", "FAILED (exit " + exit + ")", "", "", "");
            result("memory bound").put("failed", true);
            return;
        }
        row("(4)", String.format("%,d MiB NDJSON (%.1fx the heap), %,d rows", figures.get("ndjsonBytes").asLong() >> 20,
                        figures.get("ndjsonBytes").asDouble() / figures.get("maxHeapBytes").asDouble(), figures.get("rows").asLong()),
                String.format("peak heap %d MiB", figures.get("peakHeapBytes").asLong() >> 20),
                String.format("of %d MiB", figures.get("maxHeapBytes").asLong() >> 20), "",
                figures.get("exact").asBoolean() ? "completed, exact count" : "MISMATCH");
        result("memory bound").setAll((ObjectNode) figures);
    }

    private static byte[] ndjson(long bytes) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BenchData.write(out, bytes - 200, 11);
        return out.toByteArray();
    }

    private static byte[] ndjsonRows(int rows) {
        return ndjsonRows(0, rows);
    }

    /** Rows with ids from {@code first} on. */
    private static byte[] ndjsonRows(long first, int rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SplittableRandom random = new SplittableRandom(13 + first);
        for (int i = 0; i < rows; i++) {
            out.writeBytes(BenchData.row(first + i, random));
        }
        return out.toByteArray();
    }

    /** The same rows as a JSON array. */
    private static byte[] array(byte[] ndjson) {
        String lines = new String(ndjson, StandardCharsets.UTF_8).strip();
        return ("[" + lines.replace("\n", ",") + "]").getBytes(StandardCharsets.UTF_8);
    }
}
