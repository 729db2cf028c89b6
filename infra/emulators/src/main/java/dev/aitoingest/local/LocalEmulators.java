package dev.aitoingest.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/**
 * An S3-compatible server (s3proxy, in this JVM) and a DynamoDB-compatible server (dynalite, a Node child
 * process) on loopback, for local runs and tests without Docker or an AWS account.
 *
 * <p>S3 checks AWS Signature V4 on every request, presigned URLs included, so signing mistakes fail here as
 * they would on AWS. Clients must use path-style addressing. Buckets and tables are not created here.
 */
public final class LocalEmulators implements AutoCloseable {

    /** System property naming the directory with {@code dynalite-server.js} and its {@code node_modules}. */
    public static final String DIR_PROPERTY = "local-emulators.dir";

    private static final String HOST = "127.0.0.1";
    private static final String ACCESS_KEY = "local-access-key";
    private static final String SECRET_KEY = "local-secret-key";
    private static final String REGION = "us-east-1";

    private static final String DYNALITE_SCRIPT = "dynalite-server.js";
    private static final String DYNALITE_READY_PREFIX = "dynalite listening on ";
    private static final long DYNALITE_START_TIMEOUT_SECONDS = 20;
    // dynalite closes LevelDB when its stdin closes; give it that long before killing it.
    private static final long DYNALITE_STOP_TIMEOUT_SECONDS = 5;
    // No graceful stop for s3proxy: Jetty would wait out the whole timeout (30 s by default) for the idle
    // keep-alive connections that SDK clients keep open, and callers close us only once they are done.
    private static final long S3_STOP_TIMEOUT_MILLIS = 0;

    private static LocalEmulators shared;

    private final S3Proxy s3Proxy;
    private final BlobStore blobStore;
    private final Process dynalite;
    private final URI s3Endpoint;
    private final URI dynamoEndpoint;
    private final Thread shutdownHook = new Thread(this::stop, "local-emulators-shutdown");
    private volatile boolean stopped;

    /**
     * Where and how to run the emulators.
     *
     * @param dataDir    keeps S3 objects under {@code dataDir/s3} and DynamoDB tables under
     *                   {@code dataDir/dynamodb}; {@code null} keeps everything in memory
     * @param s3Port     S3 port, 0 for any free port
     * @param dynamoPort DynamoDB port, 0 for any free port
     * @param emulatorsDir   directory with {@code dynalite-server.js} and {@code node_modules}; {@code null} for
     *                   the {@value #DIR_PROPERTY} system property, else {@code ./infra/emulators}
     */
    public record Options(Path dataDir, int s3Port, int dynamoPort, Path emulatorsDir) {

        public Options {
            checkPort("s3Port", s3Port);
            checkPort("dynamoPort", dynamoPort);
            // absolute, since dynalite runs in another working directory
            dataDir = dataDir == null ? null : dataDir.toAbsolutePath().normalize();
            if (emulatorsDir == null) {
                emulatorsDir = Path.of(System.getProperty(DIR_PROPERTY, "infra/emulators"));
            }
            emulatorsDir = emulatorsDir.toAbsolutePath().normalize();
        }

        /** Nothing kept after close, free ports: for tests. */
        public static Options inMemory() {
            return new Options(null, 0, 0, null);
        }

        /** Data kept under {@code dataDir} across restarts, free ports. */
        public static Options persistent(Path dataDir) {
            return new Options(Objects.requireNonNull(dataDir, "dataDir"), 0, 0, null);
        }

        public Options withPorts(int s3Port, int dynamoPort) {
            return new Options(dataDir, s3Port, dynamoPort, emulatorsDir);
        }

        public Options withEmulatorsDir(Path emulatorsDir) {
            return new Options(dataDir, s3Port, dynamoPort, emulatorsDir);
        }

        private static void checkPort(String name, int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException(name + " must be between 0 and 65535, was " + port);
            }
        }
    }

    private LocalEmulators(S3Proxy s3Proxy, BlobStore blobStore, Process dynalite, int dynamoPort) {
        this.s3Proxy = s3Proxy;
        this.blobStore = blobStore;
        this.dynalite = dynalite;
        this.s3Endpoint = URI.create("http://" + HOST + ":" + s3Proxy.getPort());
        this.dynamoEndpoint = URI.create("http://" + HOST + ":" + dynamoPort);
    }

    /**
     * Starts both servers and returns once both accept requests. They stop on {@link #close()} or, failing
     * that, when the JVM exits; dynalite also stops if this JVM is killed, since it watches its stdin.
     *
     * @throws IllegalStateException if a server cannot start
     */
    public static LocalEmulators start(Options options) {
        Objects.requireNonNull(options, "options");
        BlobStore blobStore = openBlobStore(options.dataDir());
        S3Proxy s3Proxy;
        try {
            s3Proxy = startS3Proxy(blobStore, options.s3Port());
        } catch (RuntimeException e) {
            blobStore.close();
            throw e;
        }
        Process dynalite;
        int dynamoPort;
        try {
            dynalite = launchDynalite(options);
            dynamoPort = awaitDynaliteReady(dynalite, options.emulatorsDir());
        } catch (RuntimeException e) {
            stopS3Proxy(s3Proxy, blobStore, e);
            throw e;
        }
        var emulators = new LocalEmulators(s3Proxy, blobStore, dynalite, dynamoPort);
        Runtime.getRuntime().addShutdownHook(emulators.shutdownHook);
        return emulators;
    }

    /**
     * One in-memory instance per JVM, started on first use and stopped when the JVM exits, so test classes
     * share it instead of each paying for a start. Callers must not close it.
     */
    public static synchronized LocalEmulators shared() {
        if (shared == null || shared.stopped) {
            shared = start(Options.inMemory());
        }
        return shared;
    }

    public URI s3Endpoint() {
        return s3Endpoint;
    }

    public URI dynamoEndpoint() {
        return dynamoEndpoint;
    }

    public String accessKey() {
        return ACCESS_KEY;
    }

    public String secretKey() {
        return SECRET_KEY;
    }

    public String region() {
        return REGION;
    }

    /** The Quarkus S3 and DynamoDB client settings that point an application at these emulators. */
    public Map<String, String> quarkusClientConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        for (String client : new String[] {"s3", "dynamodb"}) {
            String prefix = "quarkus." + client + ".";
            config.put(prefix + "endpoint-override", (client.equals("s3") ? s3Endpoint : dynamoEndpoint).toString());
            config.put(prefix + "aws.region", REGION);
            config.put(prefix + "aws.credentials.type", "static");
            config.put(prefix + "aws.credentials.static-provider.access-key-id", ACCESS_KEY);
            config.put(prefix + "aws.credentials.static-provider.secret-access-key", SECRET_KEY);
        }
        config.put("quarkus.s3.path-style-access", "true");
        return config;
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run stop() already
        }
    }

    private synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        var failure = new IllegalStateException("local emulators did not stop cleanly");
        stopDynalite(failure);
        stopS3Proxy(s3Proxy, blobStore, failure);
        if (failure.getSuppressed().length > 0) {
            throw failure;
        }
    }

    private static BlobStore openBlobStore(Path dataDir) {
        if (dataDir == null) {
            return new TransientNio2BlobStore();
        }
        return new FilesystemNio2BlobStore(createDirectories(dataDir.resolve("s3")).toString());
    }

    private static S3Proxy startS3Proxy(BlobStore blobStore, int port) {
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(blobStore)
                .endpoint(URI.create("http://" + HOST + ":" + port))
                .awsAuthentication(AuthenticationType.AWS_V4, ACCESS_KEY, SECRET_KEY)
                .stopTimeout(S3_STOP_TIMEOUT_MILLIS)
                .build();
        try {
            proxy.start();
        } catch (Exception e) {
            throw new IllegalStateException("s3proxy did not start on " + HOST + ":" + port, e);
        }
        return proxy;
    }

    private static void stopS3Proxy(S3Proxy proxy, BlobStore blobStore, Exception failure) {
        try {
            proxy.stop();
        } catch (Exception e) {
            failure.addSuppressed(e);
        } finally {
            blobStore.close();
        }
    }

    private static Process launchDynalite(Options options) {
        Path emulatorsDir = options.emulatorsDir();
        Path script = emulatorsDir.resolve(DYNALITE_SCRIPT);
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException("No " + DYNALITE_SCRIPT + " in " + emulatorsDir
                    + ": set the system property " + DIR_PROPERTY + " to the project's infra/emulators directory");
        }
        if (!Files.isDirectory(emulatorsDir.resolve("node_modules").resolve("dynalite"))) {
            throw new IllegalStateException("dynalite is not installed in " + emulatorsDir.resolve("node_modules")
                    + ": run `npm ci --prefix " + emulatorsDir + "` (or build the infra/emulators module once)");
        }
        List<String> command = new ArrayList<>(List.of(
                "node", script.toString(), "--port", Integer.toString(options.dynamoPort())));
        if (options.dataDir() != null) {
            command.add("--path");
            command.add(createDirectories(options.dataDir().resolve("dynamodb")).toString());
        }
        try {
            // stdin stays a pipe that is never written: dynalite exits when it closes, i.e. when we die
            return new ProcessBuilder(command).directory(emulatorsDir.toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run `node` (Node.js 20 or later must be on the PATH)", e);
        }
    }

    private static int awaitDynaliteReady(Process process, Path emulatorsDir) {
        var readyPort = new CompletableFuture<Integer>();
        forward(process.getErrorStream(), System.err, "dynalite-stderr", null);
        forward(process.getInputStream(), System.out, "dynalite-stdout", readyPort);
        try {
            return readyPort.get(DYNALITE_START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("dynalite did not report ready within " + DYNALITE_START_TIMEOUT_SECONDS
                    + " s; if " + emulatorsDir.resolve("node_modules") + " is incomplete, run `npm ci --prefix "
                    + emulatorsDir + "`", e);
        } catch (ExecutionException e) {
            process.destroyForcibly();
            throw new IllegalStateException("dynalite failed to start (" + exitDescription(process)
                    + "); its output is above", e.getCause());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for dynalite", e);
        }
    }

    /**
     * Copies a child's output line by line on a daemon thread, so it lands wherever this JVM's output is
     * captured (surefire reports, Quarkus console). With {@code readyPort}, the ready line completes it
     * instead of being copied, and the end of the stream before that fails it.
     */
    private static void forward(InputStream stream, PrintStream target, String threadName,
            CompletableFuture<Integer> readyPort) {
        Thread thread = new Thread(() -> {
            try (var reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (readyPort != null && !readyPort.isDone() && line.startsWith(DYNALITE_READY_PREFIX)) {
                        readyPort.complete(Integer.parseInt(line.substring(DYNALITE_READY_PREFIX.length()).trim()));
                    } else {
                        target.println("[dynalite] " + line);
                    }
                }
            } catch (IOException | RuntimeException e) {
                if (readyPort != null) {
                    readyPort.completeExceptionally(e);
                }
            }
            if (readyPort != null) {
                readyPort.completeExceptionally(new IllegalStateException("dynalite closed its output"));
            }
        }, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    private void stopDynalite(Exception failure) {
        try {
            dynalite.getOutputStream().close();
            if (!dynalite.waitFor(DYNALITE_STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                dynalite.destroyForcibly().waitFor(DYNALITE_STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                failure.addSuppressed(new IllegalStateException(
                        "dynalite did not exit within " + DYNALITE_STOP_TIMEOUT_SECONDS + " s and was killed"));
            }
        } catch (IOException e) {
            dynalite.destroyForcibly();
            failure.addSuppressed(e);
        } catch (InterruptedException e) {
            dynalite.destroyForcibly();
            Thread.currentThread().interrupt();
            failure.addSuppressed(e);
        }
    }

    private static String exitDescription(Process process) {
        try {
            return process.waitFor(2, TimeUnit.SECONDS) ? "exit code " + process.exitValue() : "still running";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static Path createDirectories(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + dir, e);
        }
    }
}
