package dev.aitoingest.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SegmentWriterTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void rowsComeBackAsZstdNdjsonAndTheLastRowIsKeptAcrossBlocks() throws Exception {
        SegmentWriter writer = new SegmentWriter(1, new StatsCollector(List.of(), List.of()));
        assertThat(writer.lastRow()).isNull();
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            String row = i == 7_777 ? "{\"big\":\"" + "x".repeat(300_000) + "\"}" : "{\"id\":" + i + ",\"pad\":\"" + "p".repeat(i % 97) + "\"}";
            rows.add(row);
            byte[] framed = utf8("##" + row + "##");
            writer.accept(framed, 2, framed.length - 4);
            if (i % 1_000 == 0 || i == 7_777 || i == 7_778) {
                assertThat(new String(writer.lastRow(), StandardCharsets.UTF_8)).isEqualTo(row);
            }
        }
        assertThat(writer.rows()).isEqualTo(20_000);
        byte[] segment = writer.finish();
        assertThat(new String(writer.lastRow(), StandardCharsets.UTF_8)).isEqualTo(rows.get(rows.size() - 1));
        String ndjson;
        try (ZstdInputStream in = new ZstdInputStream(new ByteArrayInputStream(segment))) {
            ndjson = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(ndjson).isEqualTo(String.join("\n", rows) + "\n");
        assertThat(writer.uncompressedBytes()).isEqualTo(utf8(ndjson).length);
    }
}
