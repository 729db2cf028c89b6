package dev.aitoingest.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "upload", description = {
        "Uploads NDJSON, JSON array or CSV files (plain or gzipped) to a table.",
        "A file up to --file-api-over goes in one all-or-nothing request (batch or stream); a larger one, or a small one "
                + "whose few bad rows --max-errors allows, through the file API: gzipped to a temporary file (S3 wants the length "
                + "first), PUT to the presigned URL, "
                + "processed best effort (every valid row stored). The failing rows are printed at the end."})
final class UploadCommand implements Callable<Integer> {

    @ParentCommand
    AitoIngest root;

    @Option(names = {"-t", "--table"}, required = true, paramLabel = "TABLE", description = "The table to upload to")
    String table;

    @Option(names = "--format", paramLabel = "FORMAT", description = "ndjson, json or csv (default: from the file name)")
    DataFormat format;

    @Option(names = "--delimiter", paramLabel = "CHAR", converter = Delimiter.class,
            description = "CSV cell delimiter: , ; | or tab (default: , and tab for .tsv)")
    Character delimiter;

    @Option(names = "--max-errors", paramLabel = "N", defaultValue = "0",
            description = "Failing rows tolerated per file before the exit code says failure (default: ${DEFAULT-VALUE})")
    long maxErrors;

    @Option(names = "--file-api-over", paramLabel = "SIZE", defaultValue = "5MB", converter = ByteSize.class,
            description = "Files larger than this go through the file API (default: ${DEFAULT-VALUE})")
    long fileApiOver;

    @Option(names = "--no-wait", description = "Start the file job and exit; watch it later with `jobs watch --table TABLE ID`")
    boolean noWait;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "The files to upload")
    List<Path> files;

    @Override
    public Integer call() throws IOException {
        Console console = root.console();
        ApiClient api = root.client();
        List<InputFile> inputs = new ArrayList<>();
        for (Path file : files) {
            inputs.add(InputFile.of(file, format, delimiter));
        }
        checkTable(api);
        int exit = ExitCode.OK;
        for (InputFile input : inputs) {
            int fileExit = input.size() > fileApiOver ? viaFileApi(api, console, input) : inOneRequest(api, console, input);
            exit = Math.max(exit, fileExit);
        }
        return exit;
    }

    /**
     * Fails fast on a wrong URL, key or table, before a large file is gzipped. A key scoped to
     * uploads may not read schemas: its 403 here says nothing, the upload itself will tell.
     */
    private void checkTable(ApiClient api) {
        try {
            api.get("/api/v1/schema/" + ApiClient.encode(table));
        } catch (ApiException e) {
            if (e.status() != 403 || e.getMessage().startsWith("The API refused the key")) {
                throw e;
            }
        }
    }

    private String dataPath() {
        return "/api/v1/data/" + ApiClient.encode(table);
    }

    private static String csvQuery(InputFile input, String first) {
        return input.format() == DataFormat.CSV ? first + "format=csv&delimiter=" + ApiClient.encode(String.valueOf(input.delimiter())) : "";
    }

    /** Batch for a JSON array, stream for NDJSON and CSV: gzipped, all or nothing. */
    private int inOneRequest(ApiClient api, Console console, InputFile input) throws IOException {
        byte[] body = input.gzipped() ? Files.readAllBytes(input.path()) : gzip(Files.readAllBytes(input.path()));
        String endpoint = input.format() == DataFormat.JSON ? "batch" : "stream";
        JsonNode answer;
        try {
            answer = api.send("POST", dataPath() + "/" + endpoint + csvQuery(input, "?"), "application/gzip",
                    Map.of("Content-Encoding", "gzip"), BodyPublishers.ofByteArray(body));
        } catch (ApiException e) {
            if (e.status() == 413) {
                console.err().println(input.name() + ": too large for one request (" + e.getMessage() + "); using the file API");
                return viaFileApi(api, console, input);
            }
            if (e.status() != 400 || !e.body().has("errors")) {
                throw e;
            }
            return refused(api, console, input, e.body());
        }
        console.out().printf(Locale.ROOT, "%s: %,d rows stored (%s)%n", input.name(), answer.path("entries").asLong(), endpoint);
        return ExitCode.OK;
    }

    /** The all-or-nothing request stored nothing; within --max-errors, the file API stores the valid rows instead. */
    private int refused(ApiClient api, Console console, InputFile input, JsonNode error) throws IOException {
        JsonNode errors = error.path("errors");
        long count = error.path("errorCount").asLong(errors.size());
        PrintStream out = console.out();
        if (count <= maxErrors) {
            out.println(String.format(Locale.ROOT, "%s: %,d failing rows, within --max-errors %,d: uploading through the file API, "
                    + "which stores the valid rows", input.name(), count, maxErrors));
            return viaFileApi(api, console, input);
        }
        out.println(String.format(Locale.ROOT, "%s: nothing stored, the upload is all or nothing: %s", input.name(), error.path("message").asText()));
        out.println(count > errors.size() ? String.format(Locale.ROOT, "The first %d of %,d failing rows:", errors.size(), count) : "Failing rows:");
        errors.forEach(row -> out.println("  " + row.path("message").asText()));
        return ExitCode.ROWS_FAILED;
    }

    private int viaFileApi(ApiClient api, Console console, InputFile input) throws IOException {
        boolean sendAsIs = input.gzipped() && input.format() != DataFormat.JSON;
        Path gzipped = sendAsIs ? input.path() : gzipToTemporaryFile(console, input);
        try {
            JsonNode init = api.post(dataPath() + "/file" + csvQuery(input, "?"));
            String id = init.path("id").asText();
            long size = Files.size(gzipped);
            try (Progress bar = Progress.bytes(console, "upload " + input.name(), size)) {
                api.putPresigned(init.path("url").asText(), BodyPublishers.ofFile(gzipped), bar::stepBy);
                bar.complete();
            }
            api.post(dataPath() + "/file/" + ApiClient.encode(id));
            if (noWait) {
                console.out().println(input.name() + ": uploaded; file job " + id + " started. Watch it with: aito-ingest jobs watch --table "
                        + table + " " + id);
                return ExitCode.OK;
            }
            JobOutcome outcome = new FileJobWatcher(api, console).watch(table, id, "process " + input.name());
            int exit = outcome.report(input.name(), maxErrors, console.out());
            if (input.format() == DataFormat.JSON && !outcome.failingRows().isEmpty()) {
                console.out().println("(" + input.name() + " went to the file API as NDJSON: line N is the array's Nth row)");
            }
            return exit;
        } finally {
            if (!sendAsIs) {
                Files.deleteIfExists(gzipped);
            }
        }
    }

    /** Gzips the file's rows as the file API reads them (a JSON array becomes NDJSON), with a bar over the bytes read. */
    private static Path gzipToTemporaryFile(Console console, InputFile input) throws IOException {
        Path gzipped = Files.createTempFile("aito-ingest-", ".gz");
        try (Progress bar = Progress.bytes(console, "gzip " + input.name(), input.size());
             InputStream in = input.openText(bar::stepBy);
             OutputStream out = new FastGzip(new BufferedOutputStream(Files.newOutputStream(gzipped), 1 << 16))) {
            if (input.format() == DataFormat.JSON) {
                arrayToNdjson(input, in, out);
            } else {
                in.transferTo(out);
            }
            bar.complete();
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(gzipped);
            throw e;
        }
        return gzipped;
    }

    private static void arrayToNdjson(InputFile input, InputStream in, OutputStream out) throws IOException {
        try (JsonParser parser = ApiClient.JSON.createParser(in)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new CliException(input.name() + " is not a JSON array of rows");
            }
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                JsonNode row = parser.readValueAsTree();
                if (row == null) {
                    throw new CliException(input.name() + " ends before its JSON array does");
                }
                out.write(ApiClient.JSON.writeValueAsBytes(row));
                out.write('\n');
            }
        } catch (JsonProcessingException e) {
            throw new CliException(input.name() + " is not a valid JSON array: " + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr(), e);
        }
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 4 + 64);
        try (OutputStream gzip = new FastGzip(out)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Gzip at the fastest level: the network, not the file size, is what an upload waits for. */
    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(OutputStream out) throws IOException {
            super(out, 1 << 16);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }
}
