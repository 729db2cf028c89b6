package dev.aitoingest.ingest;

import dev.aitoingest.ServiceException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads a batch or stream request body under the service's limits: 6 MB on the wire, and for a
 * gzip body 64 MiB once inflated, so a small bomb cannot exhaust memory.
 */
public final class Payloads {

    public static final int MAX_WIRE_BYTES = 6 * 1024 * 1024;
    public static final int MAX_INFLATED_BYTES = 64 * 1024 * 1024;

    private static final String TOO_LARGE = "The request body is larger than the 6 MB (6291456 bytes) limit of "
            + "batch and stream uploads; upload bigger data with the file upload API (POST /api/v1/data/{table}/file)";

    private Payloads() {
    }

    /** The decoded body, which the platform has already read whole; {@code contentEncoding} may be null, "identity" or "gzip". */
    public static byte[] read(byte[] wire, String contentEncoding) {
        byte[] raw = wire == null ? new byte[0] : wire;
        if (raw.length > MAX_WIRE_BYTES) {
            throw ServiceException.payloadTooLarge(TOO_LARGE);
        }
        String encoding = contentEncoding == null ? "identity" : contentEncoding.trim().toLowerCase(Locale.ROOT);
        return switch (encoding) {
            case "", "identity" -> raw;
            case "gzip", "x-gzip" -> inflate(raw);
            default -> throw ServiceException.unsupportedMediaType("Unsupported Content-Encoding \"" + contentEncoding
                    + "\"; send the body as is or gzip-compressed");
        };
    }

    private static byte[] inflate(byte[] gzipped) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped), buffer.length)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (total > MAX_INFLATED_BYTES) {
                    throw ServiceException.payloadTooLarge("The gzip body inflates to more than 64 MiB (67108864 bytes), the "
                            + "limit of batch and stream uploads; upload bigger data with the file upload API "
                            + "(POST /api/v1/data/{table}/file)");
                }
                out.write(buffer, 0, n);
            }
        } catch (ZipException | EOFException e) {
            if (decodedAsText(gzipped)) {
                throw ServiceException.badRequest("The gzip body was decoded as UTF-8 text before it reached the service, which "
                        + "destroys compressed bytes (API Gateway does this to a text Content-Type); send it with "
                        + "Content-Type: application/gzip or application/octet-stream");
            }
            throw ServiceException.badRequest("The body is not valid gzip (Content-Encoding: gzip): " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Gzip's magic 1f 8b after a UTF-8 decode: 8b is no character, so it became U+FFFD (ef bf bd). */
    private static boolean decodedAsText(byte[] body) {
        return body.length >= 4 && body[0] == 0x1f && body[1] == (byte) 0xef && body[2] == (byte) 0xbf && body[3] == (byte) 0xbd;
    }
}
