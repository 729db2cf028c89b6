package dev.aitoingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file that is not what its name says is refused, in one line, before anything is sent. */
class FileChecksTest {

    /** Nothing listens here: a check that reached the network would fail differently. */
    private static final Map<String, String> ENV = Map.of("AITO_INGEST_URL", "http://127.0.0.1:9", "AITO_INGEST_KEY", "any");

    @TempDir
    Path dir;

    private CliRun upload(String name, byte[] content) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, content);
        return CliRun.run(ENV, "upload", "--table", "t", file.toString());
    }

    private static void assertRefused(CliRun run, String message) {
        assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCode.FAILED);
        assertThat(run.err()).isEqualTo("aito-ingest: " + message + System.lineSeparator());
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aGzNameOnPlainText() throws IOException {
        assertRefused(upload("rows.csv.gz", "id\n1\n".getBytes()), "rows.csv.gz is not gzip: it does not start with gzip's magic number");
    }

    @Test
    void aJsonNameOnCsv() throws IOException {
        assertRefused(upload("rows.json", "id,name\n1,a\n".getBytes()), "rows.json is not JSON: it starts with 'i' (CSV? pass --format csv)");
    }

    @Test
    void aCsvNameOnNdjson() throws IOException {
        assertRefused(upload("rows.csv", "{\"id\":1}\n".getBytes()), "rows.csv is not CSV: it starts like JSON; pass --format ndjson or json");
    }

    @Test
    void binaryContent() throws IOException {
        assertRefused(upload("rows.ndjson", new byte[] {'{', 0, 1, 2}), "rows.ndjson is not text: it holds a NUL byte");
    }

    @Test
    void latin1Text() throws IOException {
        assertRefused(upload("rows.csv", new byte[] {'n', '\n', (byte) 0xe9, '\n'}), "rows.csv is not UTF-8 text");
    }

    @Test
    void anEmptyFile() throws IOException {
        assertRefused(upload("rows.ndjson", new byte[0]), "rows.ndjson is empty: it holds no rows");
    }

    @Test
    void aNameThatSaysNoFormat() throws IOException {
        assertRefused(upload("rows.txt", "{}".getBytes()),
                "Cannot tell the format of rows.txt: name it .ndjson, .json or .csv (.gz too), or pass --format");
    }

    @Test
    void noUrlOrKeyInTheEnvironment() throws IOException {
        Path file = dir.resolve("rows.ndjson");
        Files.writeString(file, "{\"id\":1}\n");
        CliRun noUrl = CliRun.run(Map.of(), "upload", "--table", "t", file.toString());
        assertRefused(noUrl, "No API URL: pass --url or set AITO_INGEST_URL");
        CliRun noKey = CliRun.run(Map.of("AITO_INGEST_URL", "http://127.0.0.1:9"), "upload", "--table", "t", file.toString());
        assertRefused(noKey, "No API key: set AITO_INGEST_KEY (or pass --key)");
    }
}
