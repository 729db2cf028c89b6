package dev.aitoingest.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aitoingest.Json;
import dev.aitoingest.ingest.CsvFormat;
import dev.aitoingest.query.SearchRequest;
import dev.aitoingest.query.SearchService;
import dev.aitoingest.schema.SchemaService;
import dev.aitoingest.testing.TestStorage;
import dev.aitoingest.wiring.CoreComponents;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/** CSV file jobs end to end on s3proxy and dynalite: the format chosen at init, records across chunks and continuations. */
class CsvFileJobIntegrationTest {

    private final TestStorage storage = TestStorage.fresh();
    private final List<String> started = new ArrayList<>();
    private SchemaService schemas;
    private FileJobs fileJobs;
    private SearchService search;

    @BeforeEach
    void createTable() throws Exception {
        CoreComponents core = storage.core(storage.dynamo, TestStorage.PROCESSING, Duration.ofHours(1), started::add);
        schemas = core.schemas();
        search = core.search();
        fileJobs = core.fileJobs();
        schemas.putTable("rows", Json.MAPPER.readTree(
                "{\"columns\":{\"id\":{\"type\":\"Int\"},\"name\":{\"type\":\"String\"},\"score\":{\"type\":\"Decimal\",\"nullable\":true}}}"));
    }

    private FileJobProcessor processor(int chunkRows) {
        return storage.processor(chunkRows, storage.dynamo, started::add);
    }

    private String uploaded(byte[] file, CsvFormat format) {
        String id = fileJobs.init("rows", format).id();
        storage.s3.putObject(b -> b.bucket(storage.settings.bucket()).key(UploadKeys.of("rows", id)), RequestBody.fromBytes(file));
        fileJobs.trigger("rows", id);
        return id;
    }

    private List<JsonNode> rows(int limit) throws Exception {
        List<JsonNode> hits = new ArrayList<>();
        search.search(SearchRequest.parse(Json.MAPPER.readTree("{\"from\":\"rows\",\"limit\":" + limit + "}"))).hits().forEach(hits::add);
        return hits;
    }

    private long total() throws Exception {
        return search.search(SearchRequest.parse(Json.MAPPER.readTree("{\"from\":\"rows\",\"limit\":0}"))).total();
    }

    /**
     * A file of {@code records} records after its header; every 10th one has a name over two
     * physical lines, every 1000th line is blank, and the records in {@code bad} have an id that is
     * not a number. Answers the physical line where each bad record starts, in order.
     */
    private static List<Long> csv(StringBuilder out, int records, Set<Integer> bad) {
        out.append("id,name,score\r\n");
        long line = 1;
        List<Long> badLines = new ArrayList<>();
        for (int i = 1; i <= records; i++) {
            if (i % 1000 == 0) {
                out.append("\r\n");
                line++;
            }
            line++;
            if (bad.contains(i)) {
                badLines.add(line);
                out.append("x").append(i).append(",bad,\r\n");
            } else if (i % 10 == 0) {
                out.append(i).append(",\"n").append(i).append(",\r\nsecond line \"\"quoted\"\"\",").append(i / 4.0).append("\r\n");
                line++;
            } else {
                out.append(i).append(",n").append(i).append(",\r\n");
            }
        }
        return badLines;
    }

    @Test
    void aHundredThousandRecordsWithScatteredBadRecords() throws Exception {
        Set<Integer> bad = Set.of(7, 5001, 33333, 50001, 50003, 77777, 99999);
        StringBuilder file = new StringBuilder();
        List<Long> badLines = csv(file, 100_000, bad);
        String id = uploaded(TestStorage.gzip(file.toString()), CsvFormat.COMMA);
        assertThat(fileJobs.status("rows", id).job().csv()).isEqualTo(CsvFormat.COMMA);
        processor(20_000).process(id, () -> false);

        FileJobs.Status status = fileJobs.status("rows", id);
        assertThat(status.job().phase()).isEqualTo(JobPhase.FINISHED);
        assertThat(status.job().completedCount()).isEqualTo(100_000 - bad.size());
        assertThat(status.job().failedCount()).isEqualTo(bad.size());
        assertThat(status.job().bytesRead()).isEqualTo(status.job().bytesTotal());
        assertThat(status.failures()).extracting(FailedRow::line).containsExactlyElementsOf(badLines);
        // records with embedded line breaks come before every bad one: lines run well ahead of record numbers
        assertThat(badLines.get(6)).isEqualTo(1 + 99_999 + 9_999 + 99);
        assertThat(status.failures().get(0).message()).isEqualTo("line 8, column 'id': expected Int, got String \"x7\"");
        assertThat(status.failures().get(0).row()).isEqualTo("x7,bad,");
        assertThat(total()).isEqualTo(100_000 - bad.size());
        JsonNode tenth = rows(9).get(8);
        assertThat(tenth.get("id").isInt()).isTrue();
        assertThat(tenth.get("name").textValue()).isEqualTo("n10,\r\nsecond line \"quoted\"");
        assertThat(tenth.get("score").isNumber()).isTrue();
        assertThat(tenth.get("score").decimalValue()).isEqualByComparingTo("2.5");
        assertThat(rows(1).get(0).get("score").isNull()).isTrue();
    }

    @Test
    void continuationsReadTheHeaderAgainAndStoreEveryRecordOnce() throws Exception {
        StringBuilder file = new StringBuilder();
        List<Long> badLines = csv(file, 5000, Set.of(1234, 4321));
        String id = uploaded(TestStorage.gzip(file.toString().replace(',', ';')), new CsvFormat(';'));
        int invocations = 0;
        FileJobProcessor.Outcome outcome;
        do {
            outcome = processor(400).process(id, () -> true);
            invocations++;
        } while (outcome == FileJobProcessor.Outcome.CONTINUE);
        assertThat(invocations).isGreaterThanOrEqualTo(13);
        FileJobs.Status status = fileJobs.status("rows", id);
        assertThat(status.job().phase()).isEqualTo(JobPhase.FINISHED);
        assertThat(status.job().csv()).isEqualTo(new CsvFormat(';'));
        assertThat(status.job().completedCount()).isEqualTo(4998);
        assertThat(status.failures()).extracting(FailedRow::line).containsExactlyElementsOf(badLines);
        Set<Integer> ids = new HashSet<>();
        rows(10_000).forEach(row -> ids.add(row.get("id").intValue()));
        assertThat(ids).hasSize(4998);
    }

    @Test
    void aHeaderThatDoesNotFitTheTableFailsTheJob() throws Exception {
        String id = uploaded(TestStorage.gzip("id,nom\n1,a\n"), CsvFormat.COMMA);
        processor(100).process(id, () -> false);
        FileJob job = fileJobs.status("rows", id).job();
        assertThat(job.phase()).isEqualTo(JobPhase.FAILED);
        assertThat(job.error()).isEqualTo("The CSV header does not fit the table: line 1, column 'nom': not a column of this table "
                + "(header cell 2) (and 1 more problems)");
        assertThat(total()).isZero();
    }

    @Test
    void aQuoteLeftOpenFailsTheJobAndKeepsTheRowsBeforeIt() throws Exception {
        StringBuilder file = new StringBuilder("id,name\n");
        for (int i = 1; i <= 300; i++) {
            file.append(i).append(",n").append(i).append('\n');
        }
        file.append("301,\"never closed\n302,x\n");
        String id = uploaded(TestStorage.gzip(file.toString()), CsvFormat.COMMA);
        processor(100).process(id, () -> false);
        FileJob job = fileJobs.status("rows", id).job();
        assertThat(job.phase()).isEqualTo(JobPhase.FAILED);
        assertThat(job.error()).startsWith("The file cannot be read on from line 302: malformed CSV: Missing closing quote")
                .endsWith("; the rows before it were kept");
        assertThat(total()).isEqualTo(300);
    }

    @Test
    void anNdjsonJobIsUnchangedByTheFormatOption() throws Exception {
        String id = fileJobs.init("rows").id();
        assertThat(fileJobs.status("rows", id).job().csv()).isNull();
    }
}
