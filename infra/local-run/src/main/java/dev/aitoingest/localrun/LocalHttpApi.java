package dev.aitoingest.localrun;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real HTTP/1.1 server standing where API Gateway's HTTP API stands: each request becomes one
 * invocation of the function with a payload 2.0 event, and the response event becomes the answer,
 * framed by an exact Content-Length so kept-alive connections never wait. Until the function is
 * ready a request waits for it, and gets a 503 with Retry-After if it does not become ready in time.
 */
public final class LocalHttpApi implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(LocalHttpApi.class.getName());

    /** API Gateway's limits: the integration timeout of an HTTP API and its request payload size. */
    static final Duration INTEGRATION_TIMEOUT = Duration.ofSeconds(30);
    static final int MAX_REQUEST_BYTES = 10 * 1024 * 1024;

    private final HttpServer server;
    private final ExecutorService executor;
    private final CompletableFuture<LambdaRuntimeApi> function = new CompletableFuture<>();
    private final Duration readyWait;

    /** Binds the port at once (0 for a free one); requests wait until {@link #ready} names the function. */
    public LocalHttpApi(String host, int port, Duration readyWait) throws IOException {
        this.readyWait = readyWait;
        server = NoDelayHttpServer.create(host, port, 64);
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "local-http-api");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** From now on requests go to the function behind this Runtime API. */
    public void ready(LambdaRuntimeApi runtime) {
        function.complete(runtime);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(MAX_REQUEST_BYTES + 1);
            }
            if (body.length > MAX_REQUEST_BYTES) {
                send(exchange, error(413, "Request Entity Too Large"));
                return;
            }
            LambdaRuntimeApi runtime;
            try {
                runtime = function.get(readyWait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException notYet) {
                exchange.getResponseHeaders().add("Retry-After", "5");
                send(exchange, error(503, "The service is starting; retry in a few seconds"));
                return;
            }
            byte[] event = ApiGatewayEvents.request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(), body,
                    exchange.getRemoteAddress().getAddress().getHostAddress());
            ApiGatewayEvents.Answer answer;
            try {
                answer = ApiGatewayEvents.answer(runtime.invoke(event, INTEGRATION_TIMEOUT));
            } catch (TimeoutException slow) {
                answer = error(503, "Service Unavailable");
            } catch (LambdaRuntimeApi.FunctionFailed | IOException failed) {
                LOG.log(System.Logger.Level.ERROR, "the function failed: " + failed.getMessage());
                answer = error(500, "Internal Server Error");
            }
            send(exchange, answer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException clientGone) {
            // the client closed its connection before the answer was written: nothing to answer
            LOG.log(System.Logger.Level.DEBUG, "connection closed before the answer: " + clientGone.getMessage());
        } catch (RuntimeException | ExecutionException e) {
            LOG.log(System.Logger.Level.ERROR, "request failed", e);
        }
    }

    private static ApiGatewayEvents.Answer error(int status, String message) {
        return new ApiGatewayEvents.Answer(status, Map.of("content-type", "application/json"), List.of(),
                ("{\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, ApiGatewayEvents.Answer answer) throws IOException {
        answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        answer.cookies().forEach(cookie -> exchange.getResponseHeaders().add("set-cookie", cookie));
        boolean noBody = answer.body().length == 0 || exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(answer.status(), noBody ? -1 : answer.body().length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer.body());
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
