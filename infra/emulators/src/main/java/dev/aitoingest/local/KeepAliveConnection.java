package dev.aitoingest.local;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 connection kept open across requests, as curl, {@code requests.Session} and Aito's
 * SDK keep theirs: each answer must end by its own framing (an exact Content-Length, or valid
 * chunked encoding), or the next read times out. For tests of what real clients see.
 */
public final class KeepAliveConnection implements AutoCloseable {

    /** An answer as it came off the wire: status, headers by lower-cased name, and the body its framing delimited. */
    public record Answer(int status, Map<String, List<String>> headers, byte[] body) {

        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : String.join(",", values);
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String host;

    /** Connects; a read that waits longer than {@code readTimeout} fails with a SocketTimeoutException. */
    public KeepAliveConnection(String host, int port, Duration readTimeout) throws IOException {
        this.socket = new Socket(host, port);
        this.host = host + ":" + port;
        socket.setSoTimeout((int) readTimeout.toMillis());
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Sends one request on this connection (Content-Length framed when there is a body) and reads its whole answer. */
    public Answer send(String method, String path, Map<String, String> headers, byte[] body) throws IOException {
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ").append(host).append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            out.write(body);
        }
        out.flush();
        return read(method.equals("HEAD"));
    }

    private Answer read(boolean headOnly) throws IOException {
        String statusLine = line();
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP status line: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String line = line(); !line.isEmpty(); line = line()) {
            int colon = line.indexOf(':');
            headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(line.substring(colon + 1).trim());
        }
        List<String> encoding = headers.get("transfer-encoding");
        List<String> length = headers.get("content-length");
        byte[] body;
        if (headOnly || status == 204 || status == 304 || status / 100 == 1) {
            body = new byte[0];
        } else if (encoding != null) {
            if (!encoding.equals(List.of("chunked"))) {
                throw new IOException("Transfer-Encoding " + encoding + " is not valid framing");
            }
            body = chunked();
        } else if (length != null) {
            if (length.size() != 1) {
                throw new IOException("several Content-Length headers: " + length);
            }
            body = in.readNBytes(Integer.parseInt(length.get(0)));
        } else {
            throw new IOException("an answer with neither Content-Length nor chunked encoding cannot end on a kept-alive connection");
        }
        return new Answer(status, headers, body);
    }

    private byte[] chunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            int size = Integer.parseInt(line().split(";", 2)[0].trim(), 16);
            if (size == 0) {
                String trailer;
                do {
                    trailer = line();
                } while (!trailer.isEmpty());
                return body.toByteArray();
            }
            body.write(in.readNBytes(size));
            if (!line().isEmpty()) {
                throw new IOException("a chunk did not end where its size said");
            }
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b == -1) {
                throw new IOException("the connection closed in the middle of an answer");
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
