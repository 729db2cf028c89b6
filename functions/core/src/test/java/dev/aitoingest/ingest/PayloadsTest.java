package dev.aitoingest.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aitoingest.ServiceException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class PayloadsTest {

    private static byte[] gzip(byte[] data) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    private static ServiceException.Kind kindOf(Runnable call) {
        try {
            call.run();
        } catch (ServiceException e) {
            return e.kind();
        }
        return null;
    }

    @Test
    void plainAndGzipBodiesDecode() throws Exception {
        byte[] body = "[{\"id\":1}]".getBytes();
        assertThat(Payloads.read(body, null)).isEqualTo(body);
        assertThat(Payloads.read(gzip(body), "gzip")).isEqualTo(body);
    }

    @Test
    void theWireLimitIsSixMegabytes() {
        assertThat(Payloads.read(new byte[Payloads.MAX_WIRE_BYTES], null)).hasSize(Payloads.MAX_WIRE_BYTES);
        assertThat(kindOf(() -> Payloads.read(new byte[Payloads.MAX_WIRE_BYTES + 1], null)))
                .isEqualTo(ServiceException.Kind.PAYLOAD_TOO_LARGE);
    }

    @Test
    void aGzipBombStopsAtTheInflatedCap() throws Exception {
        byte[] bomb = gzip(new byte[Payloads.MAX_INFLATED_BYTES + 1]);
        assertThat(bomb.length).isLessThan(Payloads.MAX_WIRE_BYTES);
        assertThatThrownBy(() -> Payloads.read(bomb, "gzip")).isInstanceOf(ServiceException.class)
                .hasMessageContaining("64 MiB");
    }

    @Test
    void brokenGzipAndUnknownEncodingsAreClientErrors() {
        assertThat(kindOf(() -> Payloads.read("not gzip".getBytes(), "gzip"))).isEqualTo(ServiceException.Kind.BAD_REQUEST);
        assertThat(kindOf(() -> Payloads.read("x".getBytes(), "br"))).isEqualTo(ServiceException.Kind.UNSUPPORTED_MEDIA_TYPE);
    }

    @Test
    void gzipThatWasDecodedAsTextOnTheWaySaysWhichContentTypeToSend() throws Exception {
        byte[] mangled = new String(gzip("[{\"id\":1}]".getBytes()), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Payloads.read(mangled, "gzip")).isInstanceOf(ServiceException.class)
                .hasMessageContaining("decoded as UTF-8 text").hasMessageContaining("application/gzip");
    }
}
