package dev.aitoingest.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aitoingest.Json;
import dev.aitoingest.localrun.ApiGatewayEvents;
import dev.aitoingest.localrun.LocalService;
import dev.aitoingest.localrun.PackagedFunction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The API function's packaged function.zip, started in a JVM of its own against a local Lambda
 * Runtime API and the local emulators, and invoked with API Gateway (HTTP API) events.
 */
final class PackagedApi implements AutoCloseable {

    static final String WRITE_KEY = "bench-write-key";

    private final PackagedFunction function;

    private PackagedApi(PackagedFunction function) {
        this.function = function;
    }

    static PackagedApi start(Path unpacked, LocalStack stack) throws IOException {
        return start(unpacked, stack, null);
    }

    /** Started with a class-data sharing archive: used when it exists, written as the function exits when not. */
    static PackagedApi start(Path unpacked, LocalStack stack, Path classArchive) throws IOException {
        Map<String, String> env = LocalService.functionEnvironment(stack.emulators, stack.settings, "bench-read-key", WRITE_KEY);
        return new PackagedApi(PackagedFunction.start(unpacked, env, 1600, 1, Path.of("/dev/null"), classArchive));
    }

    /** One HTTP request as API Gateway hands it to the function (a JSON body as text); answers the response. */
    ApiGatewayEvents.Answer request(String method, String path, String contentType, byte[] body) throws Exception {
        Map<String, List<String>> headers = new HashMap<>();
        headers.put("x-api-key", List.of(WRITE_KEY));
        if (contentType != null) {
            headers.put("content-type", List.of(contentType));
        }
        byte[] event = ApiGatewayEvents.request(method, path, null, headers, body == null ? new byte[0] : body, "127.0.0.1");
        return ApiGatewayEvents.answer(function.runtime().invoke(event, Duration.ofSeconds(120)));
    }

    /** The answer's JSON body, failing loudly on anything but a 2xx status. */
    static JsonNode ok(ApiGatewayEvents.Answer answer) throws IOException {
        if (answer.status() / 100 != 2) {
            throw new IllegalStateException("HTTP " + answer.status() + ": " + new String(answer.body(), StandardCharsets.UTF_8));
        }
        return Json.MAPPER.readTree(answer.body());
    }

    @Override
    public void close() {
        function.close();
    }
}
