package dev.aitoingest.bench;

/** Runs the measurements and prints one table (also written as JSON under target/). */
public final class Benchmark {

    public static void main(String[] args) throws Exception {
        long mib = args.length > 0 ? Long.parseLong(args[0]) : 256;
        CoreThroughput core = new CoreThroughput(mib << 20, args.length > 1 ? Integer.parseInt(args[1]) : 1);
        System.out.printf("file: %,d rows, %,d MiB NDJSON, %,d MiB gzipped%n", core.rows(), mib, core.gzippedBytes() >> 20);
        CoreThroughput.Result a = core.gunzipAndCountLines(3);
        CoreThroughput.Result b = core.gunzipSplitParse(3);
        CoreThroughput.Result c = core.fullPath(3);
        for (CoreThroughput.Result r : new CoreThroughput.Result[] {a, b, c}) {
            System.out.printf("%-45s %,12.0f rows/s %8.1f MB/s%n", r.name(), r.rowsPerSecond(), r.megabytesPerSecond());
        }
        System.out.printf("(c)/(b) = %.2f   (c)/(a) = %.2f   segments %,d MiB%n", c.megabytesPerSecond() / b.megabytesPerSecond(),
                c.megabytesPerSecond() / a.megabytesPerSecond(), core.lastSegmentBytes() >> 20);
    }
}
