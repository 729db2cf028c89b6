package dev.aitoingest.localrun;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Lambda Runtime API on loopback, as Lambda serves it to a function: the function polls for
 * the next event and posts its answer. It lets the packaged function run here as on Lambda.
 */
public final class LambdaRuntimeApi implements AutoCloseable {

    /** The function answered an invocation with an error, or could not start. */
    public static final class FunctionFailed extends Exception {
        FunctionFailed(String message) {
            super(message);
        }
    }

    private record Invocation(String id, byte[] event, long deadline, CompletableFuture<byte[]> answer) {
    }

    private static final String PREFIX = "/2018-06-01/runtime/";

    private final HttpServer server;
    private final BlockingQueue<Invocation> pending = new LinkedBlockingQueue<>();
    private final Map<String, Invocation> running = new ConcurrentHashMap<>();
    private final CompletableFuture<byte[]> initError = new CompletableFuture<>();

    public LambdaRuntimeApi() throws IOException {
        server = NoDelayHttpServer.create("127.0.0.1", 0, 0);
        server.createContext(PREFIX, this::handle);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "lambda-runtime-api");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /** The value of AWS_LAMBDA_RUNTIME_API for the function. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * Invokes the function with the event and waits for its answer; the timeout is also the
     * deadline the function is told, as Lambda's function timeout.
     */
    public byte[] invoke(byte[] event, Duration timeout) throws FunctionFailed, TimeoutException, InterruptedException {
        Invocation invocation = new Invocation(UUID.randomUUID().toString(), event,
                System.currentTimeMillis() + timeout.toMillis(), new CompletableFuture<>());
        pending.add(invocation);
        try {
            Object answer = CompletableFuture.anyOf(invocation.answer(), initError).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (initError.isDone()) {
                throw new FunctionFailed("the function failed to start: " + new String(initError.join(), StandardCharsets.UTF_8));
            }
            return (byte[]) answer;
        } catch (ExecutionException e) {
            throw new FunctionFailed(e.getCause().getMessage());
        } finally {
            pending.remove(invocation);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
        try (exchange) {
            if (path.equals("invocation/next")) {
                Invocation next = pending.take();
                running.put(next.id(), next);
                exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", next.id());
                exchange.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms", Long.toString(next.deadline()));
                exchange.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:000000000000:function:local");
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
                initError.complete(body);
            } else if (path.startsWith("invocation/")) {
                String[] parts = path.split("/");
                Invocation invocation = running.remove(parts[1]);
                if (invocation != null) {
                    if (parts[2].equals("response")) {
                        invocation.answer().complete(body);
                    } else {
                        invocation.answer().completeExceptionally(new FunctionFailed(
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
