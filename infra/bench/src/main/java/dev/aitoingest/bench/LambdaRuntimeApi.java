package dev.aitoingest.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The Lambda Runtime API on loopback, as Lambda serves it to a function: the function polls for
 * the next event and posts its answer. It lets the packaged function run here as on Lambda,
 * one invocation at a time.
 */
final class LambdaRuntimeApi implements AutoCloseable {

    private record Invocation(String id, byte[] event, CompletableFuture<byte[]> answer) {
    }

    private static final String PREFIX = "/2018-06-01/runtime/";

    private final HttpServer server;
    private final BlockingQueue<Invocation> pending = new LinkedBlockingQueue<>();
    private final Map<String, Invocation> running = new ConcurrentHashMap<>();
    private final CompletableFuture<String> initError = new CompletableFuture<>();

    LambdaRuntimeApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(PREFIX, this::handle);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "lambda-runtime-api");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /** The value of AWS_LAMBDA_RUNTIME_API for the function. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Invokes the function with the event and waits for its answer. */
    byte[] invoke(byte[] event, long timeoutSeconds) throws Exception {
        Invocation invocation = new Invocation(UUID.randomUUID().toString(), event, new CompletableFuture<>());
        pending.add(invocation);
        CompletableFuture<Object> either = CompletableFuture.anyOf(invocation.answer(), initError);
        Object answer = either.get(timeoutSeconds, TimeUnit.SECONDS);
        if (answer instanceof String error) {
            throw new IllegalStateException("the function failed to start: " + error);
        }
        return (byte[]) answer;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
        try (exchange) {
            if (path.equals("invocation/next")) {
                Invocation next = pending.take();
                running.put(next.id(), next);
                exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", next.id());
                exchange.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + 900_000));
                exchange.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:000000000000:function:bench");
                exchange.getResponseHeaders().add("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000");
                exchange.sendResponseHeaders(200, next.event().length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(next.event());
                }
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (path.equals("init/error")) {
                initError.complete(new String(body, StandardCharsets.UTF_8));
            } else if (path.startsWith("invocation/")) {
                String[] parts = path.split("/");
                Invocation invocation = running.remove(parts[1]);
                if (invocation != null) {
                    if (parts[2].equals("response")) {
                        invocation.answer().complete(body);
                    } else {
                        invocation.answer().completeExceptionally(new IllegalStateException(
                                "invocation failed: " + new String(body, StandardCharsets.UTF_8)));
                    }
                }
            }
            exchange.sendResponseHeaders(202, -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
