package dev.aitoingest.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aitoingest.Json;
import dev.aitoingest.ServiceException;
import dev.aitoingest.query.SearchRequest;
import dev.aitoingest.query.SearchService;
import dev.aitoingest.schema.SchemaService;
import dev.aitoingest.testing.TestStorage;
import dev.aitoingest.wiring.CoreComponents;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/** File jobs end to end on s3proxy and dynalite: upload, trigger, chunked processing, status. */
class FileJobIntegrationTest {

    private static final Clock CLOCK = Clock.systemUTC();
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

    private JobStore jobStore() {
        return storage.core().jobs();
    }

    private FileJobProcessor processor(int chunkRows, DynamoDbClient dynamo) {
        return storage.processor(chunkRows, dynamo, started::add);
    }

    private static String ndjson(int rows, IntFunction<String> line) {
        StringBuilder out = new StringBuilder();
        for (int i = 1; i <= rows; i++) {
            out.append(line.apply(i)).append('\n');
        }
        return out.toString();
    }

    private static String good(int i) {
        return "{\"id\":" + i + ",\"name\":\"n" + i + "\",\"score\":" + (i / 2.0) + "}";
    }

    /** Init and upload straight to S3 (the presigned URL has a test of its own). */
    private String uploaded(byte[] file) {
        String id = fileJobs.init("rows").id();
        storage.s3.putObject(b -> b.bucket(storage.settings.bucket()).key(UploadKeys.of("rows", id)), RequestBody.fromBytes(file));
        return id;
    }

    private FileJobs.Status status(String id) {
        return fileJobs.status("rows", id);
    }

    private long total() throws Exception {
        return search.search(SearchRequest.parse(Json.MAPPER.readTree("{\"from\":\"rows\",\"limit\":0}"))).total();
    }

    private Set<Integer> storedIds() throws Exception {
        var result = search.search(SearchRequest.parse(Json.MAPPER.readTree("{\"from\":\"rows\",\"limit\":10000}")));
        Set<Integer> ids = new HashSet<>();
        result.hits().forEach(h -> ids.add(h.get("id").asInt()));
        assertThat(ids).as("no row stored twice").hasSize(result.hits().size());
        return ids;
    }

    @Test
    void theWholeFlowThroughThePresignedUrl() throws Exception {
        FileJobs.Upload upload = fileJobs.init("rows");
        assertThat(upload.url()).doesNotContain("x-amz-checksum").doesNotContain("x-amz-sdk-checksum")
                .contains("X-Amz-SignedHeaders=host&");
        assertThatThrownBy(() -> fileJobs.trigger("rows", upload.id())).isInstanceOf(ServiceException.class)
                .hasMessageStartingWith("Nothing was uploaded");
        HttpResponse<String> put = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(upload.url()))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(TestStorage.gzip(ndjson(1000, FileJobIntegrationTest::good)))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(fileJobs.trigger("rows", upload.id())).isEqualTo(FileJobs.Triggered.STARTED);
        assertThat(started).containsExactly(upload.id());
        assertThat(processor(300, storage.dynamo).process(upload.id(), () -> false)).isEqualTo(FileJobProcessor.Outcome.DONE);
        FileJobs.Status status = status(upload.id());
        assertThat(status.job().phase()).isEqualTo(JobPhase.FINISHED);
        assertThat(status.job().completedCount()).isEqualTo(1000);
        assertThat(status.job().lastSuccessfulElement()).isEqualTo(good(1000));
        assertThat(status.job().bytesRead()).isEqualTo(status.job().bytesTotal());
        assertThat(status.failures()).isEmpty();
        assertThat(fileJobs.trigger("rows", upload.id())).isEqualTo(FileJobs.Triggered.FINISHED);
        assertThat(total()).isEqualTo(1000);
    }

    @Test
    void aTamperedOrExpiredUrlIsRefusedByS3() throws Exception {
        FileJobs.Upload upload = fileJobs.init("rows");
        HttpClient http = HttpClient.newHttpClient();
        String tampered = upload.url().replace("X-Amz-Signature=", "X-Amz-Signature=0");
        assertThat(http.send(HttpRequest.newBuilder(URI.create(tampered)).PUT(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
        String otherKey = upload.url().replace(upload.id(), java.util.UUID.randomUUID().toString());
        assertThat(http.send(HttpRequest.newBuilder(URI.create(otherKey)).PUT(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
        FileJobs shortLived = storage.core(storage.dynamo, TestStorage.PROCESSING, Duration.ofSeconds(1), started::add).fileJobs();
        FileJobs.Upload expiring = shortLived.init("rows");
        Thread.sleep(2100);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(expiring.url())).PUT(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
    }

    @Test
    void aHundredThousandRowsWithScatteredBadRows() throws Exception {
        Set<Integer> badLines = Set.of(7, 5000, 33333, 50000, 50001, 77777, 99999);
        String file = ndjson(100_000, i -> badLines.contains(i) ? "{\"id\":\"bad" + i + "\",\"name\":\"x\"}"
                : i % 1000 == 0 ? "" : good(i));
        String id = uploaded(TestStorage.gzip(file));
        fileJobs.trigger("rows", id);
        processor(20_000, storage.dynamo).process(id, () -> false);
        long blank = 100 - badLines.stream().filter(line -> line % 1000 == 0).count();
        long valid = 100_000 - blank - badLines.size();
        FileJobs.Status status = status(id);
        assertThat(status.job().phase()).isEqualTo(JobPhase.FINISHED);
        assertThat(status.job().completedCount()).isEqualTo(valid);
        assertThat(status.job().failedCount()).isEqualTo(badLines.size());
        assertThat(status.failures()).extracting(FailedRow::line).containsExactly(7L, 5000L, 33333L, 50000L, 50001L, 77777L, 99999L);
        assertThat(status.failures().get(0).message()).isEqualTo("line 7, column 'id': expected Int, got String \"bad7\"");
        assertThat(total()).isEqualTo(valid);
        // every chunk's segment records its columns' statistics, bad rows left out
        List<dev.aitoingest.storage.Segment> segments = storage.commitLog()
                .read(new dev.aitoingest.storage.TableRef("rows", schemas.table("rows").generation())).segments();
        assertThat(segments).hasSizeGreaterThan(1).allSatisfy(segment -> {
            assertThat(segment.stats().columns()).containsOnlyKeys("id", "name", "score");
            assertThat(segment.stats().column("id").nulls()).isZero();
            assertThat(segment.stats().column("id").min().isNumber()).isTrue();
        });
        assertThat(segments.get(0).stats().column("id").max().intValue())
                .isLessThan(segments.get(1).stats().column("id").min().intValue());
    }

    @Test
    void atMostTheLastFiftyFailingRowsAreKept() throws Exception {
        String id = uploaded(TestStorage.gzip(ndjson(300, i -> i % 3 == 0 ? "not json " + i : good(i))));
        fileJobs.trigger("rows", id);
        processor(70, storage.dynamo).process(id, () -> false);
        FileJobs.Status status = status(id);
        assertThat(status.job().failedCount()).isEqualTo(100);
        assertThat(status.failures()).hasSize(50);
        assertThat(status.failures().get(0).line()).isEqualTo(153);
        assertThat(status.failures().get(49).line()).isEqualTo(300);
        assertThat(status.failures().get(49).row()).isEqualTo("not json 300");
    }

    @Test
    void forcedContinuationsStoreEveryRowOnce() throws Exception {
        String id = uploaded(TestStorage.gzip(ndjson(5000, FileJobIntegrationTest::good)));
        fileJobs.trigger("rows", id);
        int invocations = 0;
        FileJobProcessor.Outcome outcome;
        do {
            // a budget that is always spent: every invocation does its one chunk and hands over
            outcome = processor(400, storage.dynamo).process(id, () -> true);
            invocations++;
        } while (outcome == FileJobProcessor.Outcome.CONTINUE);
        assertThat(invocations).isGreaterThanOrEqualTo(13);
        assertThat(status(id).job().completedCount()).isEqualTo(5000);
        assertThat(storedIds()).hasSize(5000);
    }

    @Test
    void duplicateTriggersEventsAndRacingProcessorsStoreRowsOnce() throws Exception {
        byte[] file = TestStorage.gzip(ndjson(3000, FileJobIntegrationTest::good));
        String id = uploaded(file);
        String uploadKey = UploadKeys.of("rows", id);
        assertThat(fileJobs.recordUpload(uploadKey, file.length)).isTrue();
        assertThat(fileJobs.recordUpload(uploadKey, file.length)).isFalse();
        assertThat(status(id).job().phase()).isEqualTo(JobPhase.UPLOADED);
        assertThat(status(id).job().bytesTotal()).isEqualTo(file.length);
        assertThat(fileJobs.trigger("rows", id)).isEqualTo(FileJobs.Triggered.STARTED);
        assertThat(fileJobs.trigger("rows", id)).isEqualTo(FileJobs.Triggered.IN_PROGRESS);
        assertThat(started).containsExactly(id);
        CompletableFuture<?> a = CompletableFuture.runAsync(() -> processor(100, storage.dynamo).process(id, () -> false));
        CompletableFuture<?> b = CompletableFuture.runAsync(() -> processor(100, storage.dynamo).process(id, () -> false));
        CompletableFuture.allOf(a, b).get();
        processor(100, storage.dynamo).process(id, () -> false);
        fileJobs.recordUpload(uploadKey, file.length);
        assertThat(status(id).job().phase()).isEqualTo(JobPhase.FINISHED);
        assertThat(status(id).job().completedCount()).isEqualTo(3000);
        assertThat(storedIds()).hasSize(3000);
    }

    /** A DynamoDB client that fails the first matching write, as a processor killed at that point would. */
    private DynamoDbClient crashingOn(String table, Class<?> request) {
        AtomicBoolean crashed = new AtomicBoolean();
        return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(), new Class<?>[] {DynamoDbClient.class},
                (proxy, method, args) -> {
                    if (args != null && args.length == 1 && args[0] instanceof java.util.function.Consumer) {
                        // the SDK's builder-style overloads build the request and call the plain method
                        return InvocationHandler.invokeDefault(proxy, method, args);
                    }
                    if (args != null && args.length == 1 && request.isInstance(args[0]) && !crashed.get()
                            && table.equals(request == PutItemRequest.class ? ((PutItemRequest) args[0]).tableName()
                            : ((UpdateItemRequest) args[0]).tableName())) {
                        crashed.set(true);
                        throw new IllegalStateException("killed");
                    }
                    try {
                        return method.invoke(storage.dynamo, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** The first checkpoint update lands, but its answer is lost and the SDK sends it again. */
    private DynamoDbClient retryingTheFirstAppliedUpdate() {
        return storage.retryingTheFirst(request -> request instanceof UpdateItemRequest update
                && update.updateExpression().contains("nextChunk"));
    }

    @Test
    void aRetriedCheckpointThatHadLandedDoesNotStopTheJob() throws Exception {
        String id = uploaded(TestStorage.gzip(ndjson(1000, FileJobIntegrationTest::good)));
        fileJobs.trigger("rows", id);
        processor(300, retryingTheFirstAppliedUpdate()).process(id, () -> false);
        assertThat(status(id).job().phase()).isEqualTo(JobPhase.FINISHED);
        assertThat(storedIds()).hasSize(1000);
    }

    @Test
    void aCrashBetweenSegmentWriteAndCommitLosesNothingOnResume() throws Exception {
        String id = uploaded(TestStorage.gzip(ndjson(1000, FileJobIntegrationTest::good)));
        fileJobs.trigger("rows", id);
        DynamoDbClient crashing = crashingOn(storage.settings.commitLogTable(), PutItemRequest.class);
        assertThatThrownBy(() -> processor(300, crashing).process(id, () -> false)).hasMessage("killed");
        assertThat(status(id).job().phase()).isEqualTo(JobPhase.PROCESSING);
        processor(300, storage.dynamo).process(id, () -> false);
        assertThat(status(id).job().completedCount()).isEqualTo(1000);
        assertThat(storedIds()).hasSize(1000);
    }

    @Test
    void aCrashBetweenCommitAndCheckpointStoresNothingTwice() throws Exception {
        String id = uploaded(TestStorage.gzip(ndjson(1000, FileJobIntegrationTest::good)));
        fileJobs.trigger("rows", id);
        DynamoDbClient crashing = crashingOn(storage.settings.jobTable(), UpdateItemRequest.class);
        assertThatThrownBy(() -> processor(300, crashing).process(id, () -> false)).hasMessage("killed");
        processor(300, storage.dynamo).process(id, () -> false);
        assertThat(status(id).job().completedCount()).isEqualTo(1000);
        assertThat(storedIds()).hasSize(1000);
    }

    @Test
    void aFileThatIsNotGzipFailsClearly() throws Exception {
        String id = uploaded(ndjson(10, FileJobIntegrationTest::good).getBytes(StandardCharsets.UTF_8));
        fileJobs.trigger("rows", id);
        processor(100, storage.dynamo).process(id, () -> false);
        FileJob job = status(id).job();
        assertThat(job.phase()).isEqualTo(JobPhase.FAILED);
        assertThat(job.error()).isEqualTo("The file is not gzip: upload NDJSON compressed with gzip");
        assertThat(job.phase().isDone()).isTrue();
    }

    @Test
    void aTruncatedGzipFailsAndKeepsWhatCameBefore() throws Exception {
        byte[] whole = TestStorage.gzip(ndjson(20_000, FileJobIntegrationTest::good));
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length / 2);
        String id = uploaded(cut);
        fileJobs.trigger("rows", id);
        processor(2000, storage.dynamo).process(id, () -> false);
        FileJob job = status(id).job();
        assertThat(job.phase()).isEqualTo(JobPhase.FAILED);
        assertThat(job.error()).startsWith("The file is truncated");
        assertThat(job.completedCount()).isGreaterThan(2000);
        assertThat(total()).isEqualTo(job.completedCount());
    }

    @Test
    void aFileOfManyGzipMembersIsReadToItsEnd() throws Exception {
        java.io.ByteArrayOutputStream file = new java.io.ByteArrayOutputStream();
        for (int member = 0; member < 2000; member++) {
            int first = member * 5;
            file.writeBytes(TestStorage.gzip(ndjson(5, i -> good(first + i))));
        }
        // bgzip ends with an empty member
        file.writeBytes(TestStorage.gzip(""));
        String id = uploaded(file.toByteArray());
        fileJobs.trigger("rows", id);
        processor(3000, storage.dynamo).process(id, () -> false);
        assertThat(status(id).job().phase()).isEqualTo(JobPhase.FINISHED);
        assertThat(storedIds()).hasSize(10_000);
    }

    @Test
    void gzipDataThatEndsBeforeTheFileDoesFailsTheJob() throws Exception {
        java.io.ByteArrayOutputStream file = new java.io.ByteArrayOutputStream();
        file.writeBytes(TestStorage.gzip(ndjson(100, FileJobIntegrationTest::good)));
        // more than the gunzip buffer holds: TestStorage.gzip(1) too ignores a few trailing bytes, with a warning
        file.writeBytes("this is not gzip ".repeat(20_000).getBytes(StandardCharsets.UTF_8));
        String id = uploaded(file.toByteArray());
        fileJobs.trigger("rows", id);
        processor(3000, storage.dynamo).process(id, () -> false);
        FileJob job = status(id).job();
        assertThat(job.phase()).isEqualTo(JobPhase.FAILED);
        assertThat(job.error()).contains("gzip data ends after");
        assertThat(total()).isEqualTo(100);
    }

    @Test
    void aFileOfBlankLinesStillStopsWhenItsTimeIsUp() throws Exception {
        String id = uploaded(TestStorage.gzip("\n".repeat(500_000) + good(1) + "\n"));
        fileJobs.trigger("rows", id);
        int[] checks = {0};
        FileJobProcessor.Outcome first = processor(1000, storage.dynamo).process(id, () -> ++checks[0] > 3);
        assertThat(first).as("time is checked between chunks of blank lines").isEqualTo(FileJobProcessor.Outcome.CONTINUE);
        FileJobProcessor.Outcome next;
        do {
            next = processor(1000, storage.dynamo).process(id, () -> false);
        } while (next == FileJobProcessor.Outcome.CONTINUE);
        assertThat(status(id).job().phase()).isEqualTo(JobPhase.FINISHED);
        assertThat(storedIds()).containsExactly(1);
    }

    @Test
    void aFileReplacedAfterTheTriggerFailsTheJobAndNothingIsMixed() throws Exception {
        String id = uploaded(TestStorage.gzip(ndjson(1000, FileJobIntegrationTest::good)));
        fileJobs.trigger("rows", id);
        storage.s3.putObject(b -> b.bucket(storage.settings.bucket()).key(UploadKeys.of("rows", id)),
                RequestBody.fromBytes(TestStorage.gzip(ndjson(1000, i -> good(5000 + i)))));
        processor(300, storage.dynamo).process(id, () -> false);
        FileJob job = status(id).job();
        assertThat(job.phase()).isEqualTo(JobPhase.FAILED);
        assertThat(job.error()).contains("replaced after the trigger");
        assertThat(total()).isZero();
    }

    @Test
    void aCancelledJobStopsAtItsNextChunkAndKeepsWhatItStored() throws Exception {
        String id = uploaded(TestStorage.gzip(ndjson(1000, FileJobIntegrationTest::good)));
        fileJobs.trigger("rows", id);
        boolean[] cancelled = {false};
        processor(300, storage.dynamo).process(id, () -> {
            if (!cancelled[0]) {
                cancelled[0] = true;
                fileJobs.cancel("rows", id);
            }
            return false;
        });
        FileJob job = status(id).job();
        assertThat(job.phase()).isEqualTo(JobPhase.CANCELLED);
        assertThat(job.phase().isDone()).isTrue();
        assertThat(total()).isLessThan(1000).isEqualTo(job.completedCount());
        assertThat(fileJobs.cancel("rows", id).job().phase()).as("cancelling again changes nothing").isEqualTo(JobPhase.CANCELLED);
    }

    @Test
    void aFileThatIsNotNdjsonFailsClearly() throws Exception {
        String id = uploaded(TestStorage.gzip("[" + good(1) + ",\n" + good(2) + "]\n"));
        fileJobs.trigger("rows", id);
        processor(100, storage.dynamo).process(id, () -> false);
        FileJobs.Status status = status(id);
        assertThat(status.job().phase()).isEqualTo(JobPhase.FAILED);
        assertThat(status.job().error()).startsWith("The file is not NDJSON");
        assertThat(total()).isZero();
        // the lines that made it so are kept, as any failing rows
        assertThat(status.job().failedCount()).isEqualTo(2);
        assertThat(status.failures()).extracting(FailedRow::line).containsExactly(1L, 2L);
        assertThat(status.failures().get(0).row()).isEqualTo("[" + good(1) + ",");
    }

    @Test
    void failingRowsAreReadOnEveryPageAndExpire() throws Exception {
        String id = uploaded(TestStorage.gzip(ndjson(120, i -> i % 2 == 0 ? "not json " + i : good(i))));
        fileJobs.trigger("rows", id);
        processor(1000, storage.dynamo).process(id, () -> false);
        // DynamoDB cuts a query's answer into pages (1 MB each); here into pages of 7 items
        DynamoDbClient paging = (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
                new Class<?>[] {DynamoDbClient.class}, (proxy, method, args) -> {
                    if (args != null && args.length == 1 && args[0] instanceof java.util.function.Consumer) {
                        return InvocationHandler.invokeDefault(proxy, method, args);
                    }
                    Object[] sent = args != null && args.length == 1 && args[0] instanceof QueryRequest query
                            ? new Object[] {query.toBuilder().limit(7).build()} : args;
                    try {
                        return method.invoke(storage.dynamo, sent);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        List<FailedRow> failures = storage.core(paging, TestStorage.PROCESSING, Duration.ofHours(1), started::add).fileJobs()
                .status("rows", id).failures();
        assertThat(failures).hasSize(50).extracting(FailedRow::line).startsWith(22L, 24L).endsWith(118L, 120L);
        Map<String, AttributeValue> slot = storage.dynamo.getItem(b -> b.tableName(storage.settings.jobTable())
                .key(Map.of(JobStore.JOB, AttributeValue.fromS(id), JobStore.ITEM, AttributeValue.fromS("fail#00")))).item();
        long expiresAt = Long.parseLong(slot.get("expiresAt").n());
        assertThat(java.time.Instant.ofEpochSecond(expiresAt)).as("the slot's TTL attribute, as the template enables it")
                .isBetween(java.time.Instant.now().plus(Duration.ofDays(29)), java.time.Instant.now().plus(Duration.ofDays(31)));
    }

    @Test
    void aStaleProcessorDoesNotOverwriteLaterFailingRows() {
        String id = fileJobs.init("rows").id();
        JobStore jobs = jobStore();
        java.time.Instant now = java.time.Instant.now();
        jobs.keepFailures(id, List.of(new FailedRow(107, 900, "id", "later", "later row")), now);
        // a duplicate processor still at an older chunk writes row 57, whose slot row 107 has taken
        jobs.keepFailures(id, List.of(new FailedRow(57, 400, "id", "stale", "stale row"), new FailedRow(58, 401, "id", "ok", "row 58")),
                now);
        jobs.keepFailures(id, List.of(new FailedRow(107, 900, "id", "later", "later row")), now);
        assertThat(status(id).failures()).extracting(FailedRow::row).containsExactly("row 58", "later row");
    }

    @Test
    void anEmptyFileFinishesWithNoRowsAndHugeLinesAreFailingRows() throws Exception {
        String empty = uploaded(TestStorage.gzip(""));
        fileJobs.trigger("rows", empty);
        processor(100, storage.dynamo).process(empty, () -> false);
        assertThat(status(empty).job().phase()).isEqualTo(JobPhase.FINISHED);
        assertThat(status(empty).job().completedCount()).isZero();
        String huge = "{\"id\":1,\"name\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        String id = uploaded(TestStorage.gzip(good(1) + "\n" + huge + "\n" + good(3) + "\n"));
        fileJobs.trigger("rows", id);
        processor(100, storage.dynamo).process(id, () -> false);
        FileJobs.Status status = status(id);
        assertThat(status.job().completedCount()).isEqualTo(2);
        assertThat(status.failures()).singleElement().satisfies(f -> {
            assertThat(f.line()).isEqualTo(2);
            assertThat(f.row()).hasSize(1024);
        });
    }

    @Test
    void triggerChecksTheIdAndTable() {
        assertThatThrownBy(() -> fileJobs.trigger("rows", "not-a-uuid"))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.kind()).isEqualTo(ServiceException.Kind.BAD_REQUEST));
        assertThatThrownBy(() -> fileJobs.trigger("rows", java.util.UUID.randomUUID().toString()))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.kind()).isEqualTo(ServiceException.Kind.NOT_FOUND));
        String id = fileJobs.init("rows").id();
        assertThatThrownBy(() -> fileJobs.trigger("other", id))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.kind()).isEqualTo(ServiceException.Kind.NOT_FOUND));
        assertThatThrownBy(() -> fileJobs.init("nope"))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.kind()).isEqualTo(ServiceException.Kind.NOT_FOUND));
    }
}
