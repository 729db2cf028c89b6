package dev.aitoingest.localrun;

import dev.aitoingest.local.LocalEmulators;
import dev.aitoingest.storage.StorageSettings;
import dev.aitoingest.wiring.StorageClients;
import dev.aitoingest.wiring.StorageProvisioner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * The whole service on one machine, as {@code infra/run-local} starts it: the S3 and DynamoDB
 * emulators, the API function's function.zip in a JVM of its own (configured by environment
 * variables, as template.yaml configures it on AWS, with file jobs on threads of that JVM), and a
 * {@link LocalHttpApi} in front. The HTTP port is bound first; requests wait until the function
 * has answered its first request.
 */
public final class LocalService implements AutoCloseable {

    /** Environment variables the function reads that a user may set for the local run too. */
    private static final List<String> PASSED_THROUGH = List.of("SEGMENT_ZSTD_LEVEL", "UPLOAD_URL_LIFETIME",
            "PROCESSING_TIME_BUDGET", "CHUNK_ROWS", "CHUNK_BYTES", "STALL_TIMEOUT", "COMMIT_VERSIONS", "COMMIT_HOLE_TIMEOUT",
            "INLINE_SEGMENT_BYTES");

    /**
     * @param port        the HTTP port, 0 for a free one
     * @param dataDir     where the emulators keep data across restarts; null keeps it in memory
     * @param apiZip      the API function's function.zip
     * @param workDir     where the zip is unpacked
     * @param functionLog where the function's output goes; null for this process's own output
     * @param passed      further environment variables for the function
     */
    public record Options(int port, Path dataDir, int s3Port, int dynamoPort, Path emulatorsDir, Path apiZip, Path workDir,
                          String readKey, String writeKey, int concurrency, Path functionLog, Map<String, String> passed) {

        static Options fromEnvironment(Map<String, String> env) {
            Path root = Path.of("").toAbsolutePath();
            Map<String, String> passed = new HashMap<>();
            PASSED_THROUGH.stream().filter(env::containsKey).forEach(name -> passed.put(name, env.get(name)));
            return new Options(Integer.parseInt(env.getOrDefault("PORT", "8080")),
                    Path.of(env.getOrDefault("AITO_LOCAL_DIR", root.resolve(".local").toString())),
                    Integer.parseInt(env.getOrDefault("AITO_S3_PORT", "4566")),
                    Integer.parseInt(env.getOrDefault("AITO_DYNAMODB_PORT", "4567")),
                    Path.of(env.getOrDefault("AITO_EMULATORS_DIR", root.resolve("infra/emulators").toString())),
                    Path.of(env.getOrDefault("AITO_API_ZIP", root.resolve("functions/api/target/function.zip").toString())),
                    root.resolve("infra/local-run/target/function"),
                    env.getOrDefault("APIKEY", "dev-read-only-key"), env.getOrDefault("READ_WRITE_APIKEY", "dev-read-write-key"),
                    Integer.parseInt(env.getOrDefault("AITO_LOCAL_CONCURRENCY", "4")), null, passed);
        }
    }

    static final StorageSettings STORAGE = new StorageSettings("aito-local", "aito-schema", "aito-commit-log", "aito-jobs", 1);
    static final String KEY_TABLE = "aito-keys";
    private static final Duration READY_WAIT = Duration.ofSeconds(60);

    private final LocalHttpApi http;
    private final LocalEmulators emulators;
    private final PackagedFunction function;

    private LocalService(LocalHttpApi http, LocalEmulators emulators, PackagedFunction function) {
        this.http = http;
        this.emulators = emulators;
        this.function = function;
    }

    public static LocalService start(Options options) throws IOException, InterruptedException {
        LocalHttpApi http = new LocalHttpApi("127.0.0.1", options.port(), READY_WAIT);
        LocalEmulators emulators = null;
        PackagedFunction function = null;
        try {
            emulators = LocalEmulators.start(new LocalEmulators.Options(options.dataDir(), options.s3Port(),
                    options.dynamoPort(), options.emulatorsDir()));
            try (StorageClients clients = StorageClients.forEndpoints(emulators.s3Endpoint(), emulators.dynamoEndpoint(),
                    emulators.region(), emulators.accessKey(), emulators.secretKey())) {
                StorageProvisioner.ensure(STORAGE, clients.s3(), clients.dynamo());
                StorageProvisioner.ensureKeyTable(clients.dynamo(), KEY_TABLE);
            }
            deleteRecursively(options.workDir());
            Path unpacked = PackagedFunction.unpack(options.apiZip(), options.workDir());
            function = PackagedFunction.start(unpacked, environment(options, emulators), 2048, options.concurrency(),
                    options.functionLog(), classArchive(options));
            awaitFirstAnswer(function);
            http.ready(function.runtime());
            return new LocalService(http, emulators, function);
        } catch (IOException | InterruptedException | RuntimeException e) {
            http.close();
            if (function != null) {
                function.close();
            }
            if (emulators != null) {
                emulators.close();
            }
            throw e;
        }
    }

    /**
     * The class-data sharing archive of this function.zip's content: the first start writes it as the
     * function exits, later starts map their classes from it. The zip is named by its entries' names,
     * sizes and CRCs, not its file time, so a build that changed nothing (as {@code run-local} makes on
     * every start) keeps the archive; archives of other builds are removed when a new one is due.
     */
    private static Path classArchive(Options options) throws IOException {
        Path archive = options.workDir().resolveSibling("function-classes-" + PackagedFunction.contentKey(options.apiZip()) + ".jsa");
        if (!Files.exists(archive)) {
            try (Stream<Path> siblings = Files.list(archive.getParent())) {
                for (Path old : siblings.filter(path -> path.getFileName().toString().matches("function-classes-.*\\.jsa")).toList()) {
                    Files.deleteIfExists(old);
                }
            }
        }
        return archive;
    }

    private static Map<String, String> environment(Options options, LocalEmulators emulators) {
        Map<String, String> env = new HashMap<>(options.passed());
        env.putAll(functionEnvironment(emulators, STORAGE, options.readKey(), options.writeKey()));
        return env;
    }

    /**
     * What template.yaml sets on AWS, pointed at the emulators, with file jobs run on threads of
     * the API function's own JVM instead of the processor function.
     */
    public static Map<String, String> functionEnvironment(LocalEmulators emulators, StorageSettings storage, String readKey,
                                                          String writeKey) {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_LAMBDA_FUNCTION_NAME", "aito-ingest-api-local");
        env.put("AWS_REGION", emulators.region());
        env.put("DATA_BUCKET", storage.bucket());
        env.put("SCHEMA_TABLE", storage.schemaTable());
        env.put("COMMIT_LOG_TABLE", storage.commitLogTable());
        env.put("JOB_TABLE", storage.jobTable());
        env.put("KEY_TABLE", KEY_TABLE);
        env.put("APIKEY", readKey);
        env.put("READ_WRITE_APIKEY", writeKey);
        env.put("AITO_PROCESSING_MODE", "in-process");
        // as environment variables: upper case, every other character an underscore (MicroProfile Config's rule)
        emulators.quarkusClientConfig().forEach((property, value) ->
                env.put(property.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_"), value));
        return env;
    }

    /** The function is ready once it answers a request: its first invocation is its cold start. */
    private static void awaitFirstAnswer(PackagedFunction function) throws IOException, InterruptedException {
        byte[] version = ApiGatewayEvents.request("GET", "/version", null, Map.of(), new byte[0], "127.0.0.1");
        long giveUp = System.nanoTime() + READY_WAIT.toNanos();
        while (true) {
            if (!function.isAlive()) {
                throw new IllegalStateException("the API function stopped while starting; see its output above");
            }
            try {
                if (ApiGatewayEvents.answer(function.runtime().invoke(version, Duration.ofSeconds(5))).status() == 200) {
                    return;
                }
            } catch (TimeoutException | LambdaRuntimeApi.FunctionFailed notYet) {
                if (System.nanoTime() > giveUp) {
                    throw new IllegalStateException("the API function did not answer within " + READY_WAIT.toSeconds() + " s", notYet);
                }
            }
            Thread.sleep(100);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    public int port() {
        return http.port();
    }

    @Override
    public void close() {
        http.close();
        function.close();
        emulators.close();
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.fromEnvironment(System.getenv());
        LocalService service = start(options);
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, "local-service-shutdown"));
        System.out.printf("%nThe API answers on http://localhost:%d (data under %s).%nAPI keys (x-api-key header): read-only %s, read-write %s%n",
                service.port(), options.dataDir(), options.readKey(), options.writeKey());
        Thread.currentThread().join();
    }
}
