package dev.aitoingest.localrun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aitoingest.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * HTTP requests as API Gateway's HTTP API (payload format 2.0) hands them to a Lambda function, and
 * the function's response events back as HTTP answers.
 *
 * <p>One deliberate difference: API Gateway passes a body with a text content type as text, so
 * bytes that are not UTF-8 (a gzip body, a bad byte) do not survive it. Here a body goes as text
 * only when that loses nothing; anything else is base64, so the function sees the bytes the
 * client sent and can answer for them.
 */
public final class ApiGatewayEvents {

    /** An HTTP answer: status, headers (one value each, as payload 2.0 has them), cookies and body. */
    public record Answer(int status, Map<String, String> headers, List<String> cookies, byte[] body) {
    }

    /** Headers that belong to one connection, never copied from an answer event to the wire. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "transfer-encoding", "content-length",
            "upgrade", "te", "trailer", "proxy-authenticate", "proxy-authorization");

    private static final DateTimeFormatter REQUEST_TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private ApiGatewayEvents() {
    }

    /** The event for one request; header names are lower-cased and repeated ones joined by commas, as API Gateway does. */
    public static byte[] request(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
                                 byte[] body, String sourceIp) throws IOException {
        ObjectNode event = Json.MAPPER.createObjectNode();
        event.put("version", "2.0").put("routeKey", "$default").put("rawPath", rawPath)
                .put("rawQueryString", rawQuery == null ? "" : rawQuery);
        Map<String, String> joined = new LinkedHashMap<>();
        headers.forEach((name, values) -> joined.merge(name.toLowerCase(Locale.ROOT), String.join(",", values), (a, b) -> a + "," + b));
        String cookies = joined.remove("cookie");
        if (cookies != null) {
            List<String> split = new ArrayList<>();
            for (String cookie : cookies.split(";")) {
                split.add(cookie.trim());
            }
            split.forEach(event.putArray("cookies")::add);
        }
        ObjectNode headerNode = event.putObject("headers");
        joined.forEach(headerNode::put);
        Instant now = Instant.now();
        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", "000000000000").put("apiId", "local").put("domainName", joined.getOrDefault("host", "localhost"))
                .put("domainPrefix", "local").put("requestId", UUID.randomUUID().toString()).put("routeKey", "$default")
                .put("stage", "$default").put("time", REQUEST_TIME.format(now)).put("timeEpoch", now.toEpochMilli());
        context.putObject("http").put("method", method).put("path", rawPath).put("protocol", "HTTP/1.1")
                .put("sourceIp", sourceIp).put("userAgent", joined.getOrDefault("user-agent", ""));
        if (body.length > 0) {
            String text = losslessText(joined.get("content-type"), joined.get("content-encoding"), body);
            if (text != null) {
                event.put("body", text).put("isBase64Encoded", false);
            } else {
                event.put("body", Base64.getEncoder().encodeToString(body)).put("isBase64Encoded", true);
            }
        } else {
            event.put("isBase64Encoded", false);
        }
        return Json.MAPPER.writeValueAsBytes(event);
    }

    /** The HTTP answer a response event stands for, without its hop-by-hop headers. */
    public static Answer answer(byte[] responseEvent) throws IOException {
        JsonNode response = Json.MAPPER.readTree(responseEvent);
        if (!response.isObject() || !response.path("statusCode").canConvertToInt()) {
            throw new IOException("not a payload 2.0 response event: " + new String(responseEvent, StandardCharsets.UTF_8));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        response.path("headers").fields().forEachRemaining(header -> {
            if (!HOP_BY_HOP.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                headers.put(header.getKey(), header.getValue().asText());
            }
        });
        List<String> cookies = new ArrayList<>();
        response.path("cookies").forEach(cookie -> cookies.add(cookie.asText()));
        String body = response.path("body").asText("");
        byte[] bytes;
        try {
            bytes = response.path("isBase64Encoded").asBoolean() ? Base64.getDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IOException("a response event whose body is not base64: " + e.getMessage());
        }
        return new Answer(response.path("statusCode").asInt(), headers, cookies, bytes);
    }

    /** The body as text when its type is text and its bytes are UTF-8 as they stand; null otherwise. */
    private static String losslessText(String contentType, String contentEncoding, byte[] body) {
        if (contentType == null || (contentEncoding != null && !contentEncoding.isBlank())) {
            return null;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        boolean text = type.startsWith("text/") || type.equals("application/json") || type.endsWith("+json")
                || type.equals("application/xml") || type.endsWith("+xml") || type.equals("application/javascript");
        if (!text) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException notUtf8) {
            return null;
        }
    }
}
