package dev.aitoingest.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Flow;
import java.util.function.LongConsumer;

/**
 * The HTTP API as SPEC.md describes it, over {@link HttpClient}: every answer is a JSON object, an
 * error one carries {@code message}; every failure becomes a one-line {@link CliException}.
 */
final class ApiClient {

    static final ObjectMapper JSON = new ObjectMapper();

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(5);
    /** 429 and 503 come with Retry-After: a dependency briefly unavailable is worth a few waits. */
    private static final int RETRIES = 4;
    private static final long LONGEST_RETRY_WAIT_MS = 10_000;

    private final URI base;
    private final String key;
    private final HttpClient http;

    ApiClient(String baseUrl, String key) {
        this.base = parseBase(baseUrl);
        this.key = key;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    private static URI parseBase(String url) {
        try {
            URI uri = new URI(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
            if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                throw new CliException("Not an http(s) URL: " + url);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new CliException("Not an http(s) URL: " + url);
        }
    }

    static String encode(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    JsonNode get(String path) {
        return send("GET", path, null, Map.of(), BodyPublishers.noBody());
    }

    JsonNode post(String path) {
        return send("POST", path, null, Map.of(), BodyPublishers.noBody());
    }

    JsonNode postJson(String path, JsonNode body) {
        return sendJson("POST", path, body);
    }

    JsonNode putJson(String path, JsonNode body) {
        return sendJson("PUT", path, body);
    }

    private JsonNode sendJson(String method, String path, JsonNode body) {
        try {
            return send(method, path, "application/json", Map.of(), BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A request to the API with the key; {@code body} must be one that can be sent again (bytes or a file). */
    JsonNode send(String method, String path, String contentType, Map<String, String> headers, BodyPublisher body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(REQUEST_TIMEOUT)
                .header("x-api-key", key).header("Accept", "application/json").method(method, body);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        for (int attempt = 0; ; attempt++) {
            HttpResponse<byte[]> response = exchange(request.build());
            int status = response.statusCode();
            if ((status == 429 || status == 503) && attempt < RETRIES) {
                sleep(retryWait(response, attempt));
                continue;
            }
            return answer(method, path, response);
        }
    }

    /**
     * PUTs a file to a presigned URL as S3 wants it: its exact length, no API key, no content type,
     * no checksum header. {@code sent} hears the bytes as they go.
     */
    void putPresigned(String url, BodyPublisher file, LongConsumer sent) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofHours(1))
                .PUT(counting(file, sent)).build();
        HttpResponse<byte[]> response = exchange(request);
        if (response.statusCode() / 100 != 2) {
            String text = new String(response.body(), StandardCharsets.UTF_8).replaceAll("\\s+", " ").strip();
            throw new CliException("The upload URL refused the file (HTTP " + response.statusCode() + ")"
                    + (text.isEmpty() ? "" : ": " + abbreviate(text, 300)));
        }
    }

    private HttpResponse<byte[]> exchange(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpConnectTimeoutException e) {
            throw new CliException("Cannot reach " + base + ": no connection within " + CONNECT_TIMEOUT.toSeconds() + " s", e);
        } catch (HttpTimeoutException e) {
            throw new CliException("No answer from " + base + " within " + REQUEST_TIMEOUT.toMinutes() + " minutes", e);
        } catch (ConnectException e) {
            throw new CliException("Cannot reach " + base + ": connection refused", e);
        } catch (IOException e) {
            throw new CliException("Cannot reach " + base + ": " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("Interrupted", e);
        }
    }

    private static String describe(IOException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnresolvedAddressException || cause instanceof UnknownHostException) {
                return "unknown host";
            }
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private JsonNode answer(String method, String path, HttpResponse<byte[]> response) {
        int status = response.statusCode();
        JsonNode body = parse(response.body());
        if (body == null || !body.isObject()) {
            throw new CliException(base + " did not answer as an aito-ingest API: HTTP " + status + " with "
                    + response.headers().firstValue("content-type").orElse("no content type") + " to " + method + " " + path);
        }
        if (status / 100 == 2) {
            return body;
        }
        String message = body.path("message").asText("HTTP " + status);
        if (status == 401 || status == 403) {
            message = "Forbidden".equals(message)
                    ? "The API refused the key (HTTP " + status + "): check " + ConnectionOptions.KEY_VARIABLE + " or --key"
                    : message + " (HTTP " + status + ")";
        }
        if (status == 404 && !message.startsWith("No such")) {
            // not a table, job or column the API names: most likely a URL that is not the API's base
            message = message + " (HTTP 404 for " + method + " " + base + path + "): is " + base + " the API's base URL?";
        }
        throw new ApiException(message, status, body);
    }

    private static JsonNode parse(byte[] body) {
        try {
            return body.length == 0 ? null : JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static long retryWait(HttpResponse<?> response, int attempt) {
        long seconds = response.headers().firstValue("retry-after").map(value -> {
            try {
                return Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                return 1L;
            }
        }).orElse(1L << attempt);
        return Math.min(LONGEST_RETRY_WAIT_MS, Math.max(1, seconds) * 1000);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("Interrupted", e);
        }
    }

    static String abbreviate(String text, int length) {
        return text.length() <= length ? text : text.substring(0, length) + "...";
    }

    /** {@code body}, telling {@code sent} how many bytes each piece the client takes holds. */
    static BodyPublisher counting(BodyPublisher body, LongConsumer sent) {
        return new CountingPublisher(body, sent);
    }

    /** A body whose bytes are counted as the client takes them, for the upload's progress. */
    private record CountingPublisher(BodyPublisher delegate, LongConsumer sent) implements BodyPublisher {

        @Override
        public long contentLength() {
            return delegate.contentLength();
        }

        @Override
        public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
            delegate.subscribe(new Flow.Subscriber<>() {
                @Override
                public void onSubscribe(Flow.Subscription subscription) {
                    subscriber.onSubscribe(subscription);
                }

                @Override
                public void onNext(ByteBuffer item) {
                    int size = item.remaining();
                    subscriber.onNext(item);
                    sent.accept(size);
                }

                @Override
                public void onError(Throwable throwable) {
                    subscriber.onError(throwable);
                }

                @Override
                public void onComplete() {
                    subscriber.onComplete();
                }
            });
        }
    }
}
