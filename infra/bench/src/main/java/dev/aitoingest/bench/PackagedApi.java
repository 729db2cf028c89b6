package dev.aitoingest.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aitoingest.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The API function's packaged function.zip, started in a JVM of its own against a local Lambda
 * Runtime API and the local emulators, and invoked with API Gateway (HTTP API) events.
 */
final class PackagedApi implements AutoCloseable {

    static final String WRITE_KEY = "bench-write-key";
    private static final String HANDLER = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest";

    private final Process process;
    private final LambdaRuntimeApi runtime;

    private PackagedApi(Process process, LambdaRuntimeApi runtime) {
        this.process = process;
        this.runtime = runtime;
    }

    /** Unpacks the zip as Lambda does, once per folder. */
    static Path unpack(Path zip, Path into) throws IOException {
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
                    Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return into;
    }

    /**
     * Starts the function in a JVM of its own under {@link FunctionRunner}, with the JVM flags of
     * Lambda's java17 runtime (tiered compilation stopped at C1, serial GC).
     */
    static PackagedApi start(Path unpacked, LocalStack stack) throws IOException {
        LambdaRuntimeApi runtime = new LambdaRuntimeApi();
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx1600m",
                "-cp", System.getProperty("java.class.path"), FunctionRunner.class.getName(), unpacked.toString(), HANDLER);
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.put("AWS_LAMBDA_RUNTIME_API", runtime.address());
        env.put("AWS_LAMBDA_FUNCTION_NAME", "bench-api");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "2048");
        env.put("AWS_REGION", stack.emulators.region());
        env.put("DATA_BUCKET", stack.settings.bucket());
        env.put("SCHEMA_TABLE", stack.settings.schemaTable());
        env.put("COMMIT_LOG_TABLE", stack.settings.commitLogTable());
        env.put("JOB_TABLE", stack.settings.jobTable());
        env.put("APIKEY", "bench-read-key");
        env.put("READ_WRITE_APIKEY", WRITE_KEY);
        env.put("PROCESSOR_FUNCTION", "bench-processor");
        for (String client : new String[] {"S3", "DYNAMODB"}) {
            String prefix = "QUARKUS_" + client + "_";
            env.put(prefix + "ENDPOINT_OVERRIDE", (client.equals("S3") ? stack.emulators.s3Endpoint() : stack.emulators.dynamoEndpoint()).toString());
            env.put(prefix + "AWS_REGION", stack.emulators.region());
            env.put(prefix + "AWS_CREDENTIALS_TYPE", "static");
            env.put(prefix + "AWS_CREDENTIALS_STATIC_PROVIDER_ACCESS_KEY_ID", stack.emulators.accessKey());
            env.put(prefix + "AWS_CREDENTIALS_STATIC_PROVIDER_SECRET_ACCESS_KEY", stack.emulators.secretKey());
        }
        env.put("QUARKUS_S3_PATH_STYLE_ACCESS", "true");
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        return new PackagedApi(builder.start(), runtime);
    }

    /** One HTTP request as API Gateway hands it to the function; answers the response event. */
    JsonNode request(String method, String path, String contentType, byte[] body) throws Exception {
        ObjectNode event = Json.MAPPER.createObjectNode();
        event.put("version", "2.0").put("routeKey", "$default").put("rawPath", path).put("rawQueryString", "");
        ObjectNode headers = event.putObject("headers");
        headers.put("x-api-key", WRITE_KEY);
        if (contentType != null) {
            headers.put("content-type", contentType);
        }
        ObjectNode http = event.putObject("requestContext").put("requestId", java.util.UUID.randomUUID().toString())
                .put("stage", "$default").put("timeEpoch", System.currentTimeMillis()).putObject("http");
        http.put("method", method).put("path", path).put("protocol", "HTTP/1.1").put("sourceIp", "127.0.0.1").put("userAgent", "bench");
        if (body != null) {
            event.put("body", new String(body, StandardCharsets.UTF_8)).put("isBase64Encoded", false);
        }
        return Json.MAPPER.readTree(runtime.invoke(Json.MAPPER.writeValueAsBytes(event), 120));
    }

    /** The response event, failing loudly on anything but a 2xx status. */
    static JsonNode ok(JsonNode response) {
        int status = response.path("statusCode").asInt();
        if (status / 100 != 2) {
            throw new IllegalStateException("HTTP " + status + ": " + response.path("body").asText());
        }
        return response;
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
        runtime.close();
    }
}
