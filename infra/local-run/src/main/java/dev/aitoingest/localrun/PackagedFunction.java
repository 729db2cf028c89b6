package dev.aitoingest.localrun;

import com.amazonaws.services.lambda.runtime.Context;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * A function's function.zip, unpacked as Lambda unpacks it and started in a JVM of its own under
 * {@link FunctionRunner}, with the JVM flags of Lambda's java17 runtime (tiered compilation
 * stopped at C1, serial GC), polling a {@link LambdaRuntimeApi}. The runner's class path holds only
 * the runner and the Lambda Context interface, so the function loads everything else from its zip.
 */
public final class PackagedFunction implements AutoCloseable {

    /** The handler SAM names for both functions. */
    public static final String HANDLER = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest";

    /** The function.zip itself, kept beside what it unpacked to: its root classes as one jar. */
    private static final String ROOT_CLASSES = "function-root.zip";

    private final Process process;
    private final LambdaRuntimeApi runtime;

    private PackagedFunction(Process process, LambdaRuntimeApi runtime) {
        this.process = process;
        this.runtime = runtime;
    }

    /** Unpacks the zip into the folder, replacing what an earlier unpack left there. */
    public static Path unpack(Path zip, Path into) throws IOException {
        Files.createDirectories(into);
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                Path target = into.resolve(entry.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("zip entry outside the folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    // the zip's times, so a class-data sharing archive still matches the jars after a new unpack
                    if (entry.getLastModifiedTime() != null) {
                        Files.setLastModifiedTime(target, entry.getLastModifiedTime());
                    }
                }
            }
        }
        // the root's classes as one class path entry: CDS takes jars, not folders of classes. CDS
        // checks a jar by its size and time; the time is fixed, since the archive is named by the content
        Path root = into.resolve(ROOT_CLASSES);
        Files.copy(zip, root, StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(root, FileTime.fromMillis(0));
        return into;
    }

    /** A name for the zip's content: its entries' names, sizes and CRCs, whatever their order and file times. */
    public static String contentKey(Path zip) throws IOException {
        CRC32C digest = new CRC32C();
        long entries = 0;
        try (ZipFile file = new ZipFile(zip.toFile())) {
            List<ZipEntry> sorted = new ArrayList<>(Collections.list(file.entries()));
            sorted.sort(Comparator.comparing(ZipEntry::getName));
            for (ZipEntry entry : sorted) {
                digest.update(entry.getName().getBytes(StandardCharsets.UTF_8));
                digest.update(ByteBuffer.allocate(16).putLong(entry.getSize()).putLong(entry.getCrc()).flip());
                entries++;
            }
        }
        return Long.toHexString(digest.getValue()) + "-" + entries;
    }

    /**
     * Starts the unpacked function with its environment (as template.yaml would set it), running up
     * to {@code concurrency} invocations at once; its output goes to {@code log}, or to this
     * process's own output when null. With {@code classArchive}, the JVM maps the classes a run
     * before it loaded from that class-data sharing archive instead of loading them again, or, when
     * there is none yet, writes it as it exits (a JVM of another build ignores it and starts as
     * without).
     */
    public static PackagedFunction start(Path unpacked, Map<String, String> environment, int heapMiB, int concurrency, Path log,
                                         Path classArchive) throws IOException {
        LambdaRuntimeApi runtime = new LambdaRuntimeApi();
        String classPath = codeSource(FunctionRunner.class) + File.pathSeparator + codeSource(Context.class);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx" + heapMiB + "m"));
        if (classArchive != null) {
            command.add((Files.exists(classArchive) ? "-XX:SharedArchiveFile=" : "-XX:ArchiveClassesAtExit=") + classArchive);
            // the function on the class path too: its own loader then finds every class there, and CDS
            // archives only what the JVM's built-in loaders define in full
            classPath += File.pathSeparator + unpacked.resolve(ROOT_CLASSES) + File.pathSeparator + unpacked.resolve("lib") + File.separator + "*";
        }
        command.addAll(List.of("-cp", classPath, FunctionRunner.class.getName(), unpacked.toString(), HANDLER, Integer.toString(concurrency)));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        builder.environment().put("AWS_LAMBDA_RUNTIME_API", runtime.address());
        builder.environment().put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(heapMiB));
        builder.redirectErrorStream(true);
        if (log == null) {
            builder.redirectOutput(ProcessBuilder.Redirect.INHERIT);
        } else {
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        }
        return new PackagedFunction(builder.start(), runtime);
    }

    private static String codeSource(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public LambdaRuntimeApi runtime() {
        return runtime;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
        runtime.close();
    }
}
