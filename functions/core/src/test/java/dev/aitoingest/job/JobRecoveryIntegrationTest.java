package dev.aitoingest.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aitoingest.Json;
import dev.aitoingest.ServiceException;
import dev.aitoingest.query.SearchRequest;
import dev.aitoingest.testing.TestStorage;
import dev.aitoingest.wiring.CoreComponents;
import dev.aitoingest.wiring.StorageClients;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Jobs that stop are taken up again, on s3proxy and dynalite: by a trigger or the sweep once their
 * heartbeat is older than the stall timeout, whatever point the processor died at. Invocations run
 * as Lambda runs an asynchronous invoke with no retries left: once, so only the recovery path
 * brings a dead job back. Time is the test's clock, moved by hand: nothing here waits on the wall.
 */
class JobRecoveryIntegrationTest {

    private static final Duration STALL_TIMEOUT = Duration.ofMinutes(3);
    private static final long SEED = 20261202L;

    private final TestStorage storage = TestStorage.fresh();
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-02T10:00:00Z"));
    /** Lambda's queue of asynchronous invocations: the trigger's, the continuations' and the sweep's. */
    private final Deque<String> invocations = new ArrayDeque<>();
    private CoreComponents healthy;

    @BeforeEach
    void createTable() throws Exception {
        healthy = core(storage.s3, storage.dynamo, settings(10, Duration.ofMinutes(10)), invocations::add, clock);
        healthy.schemas().putTable("rows", Json.MAPPER.readTree(
                "{\"columns\":{\"id\":{\"type\":\"Int\"},\"name\":{\"type\":\"String\"}}}"));
    }

    private static ProcessingSettings settings(int chunkRows, Duration timeBudget) {
        return new ProcessingSettings(chunkRows, 32L << 20, timeBudget, 32L << 20, 0, STALL_TIMEOUT);
    }

    private CoreComponents core(S3Client s3, DynamoDbClient dynamo, ProcessingSettings settings, ProcessingInvoker invoker,
                                Clock clock) {
        return CoreComponents.assemble(new StorageClients(s3, dynamo, storage.presigner), storage.settings, settings,
                Duration.ofHours(1), invoker, clock);
    }

    private static String row(int i) {
        return "{\"id\":" + i + ",\"name\":\"n" + i + "\"}";
    }

    private String uploaded(byte[] file) {
        String id = healthy.fileJobs().init("rows").id();
        storage.s3.putObject(b -> b.bucket(storage.settings.bucket()).key(UploadKeys.of("rows", id)), RequestBody.fromBytes(file));
        return id;
    }

    private FileJob job(String id) {
        return healthy.jobs().find(id).orElseThrow();
    }

    private List<Integer> storedIds() throws Exception {
        var result = healthy.search().search(SearchRequest.parse(Json.MAPPER.readTree("{\"from\":\"rows\",\"limit\":10000}")));
        List<Integer> ids = new ArrayList<>();
        result.hits().forEach(hit -> ids.add(hit.get("id").asInt()));
        return ids;
    }

    /** Runs the queued invocations, as Lambda would, until none is left; answers how many ran. */
    private int runInvocations(CoreComponents core) {
        int ran = 0;
        while (!invocations.isEmpty()) {
            core.runner().run(invocations.poll(), null);
            ran++;
        }
        return ran;
    }

    @Test
    void aProcessorKilledAtRandomPointsIsCarriedToTheExactCountByTheRecoveryPath() throws Exception {
        int rows = 2000;
        StringBuilder file = new StringBuilder();
        List<Long> badLines = new ArrayList<>();
        for (int i = 1; i <= rows; i++) {
            if (i % 37 == 0) {
                file.append("{\"id\":\"bad").append(i).append("\",\"name\":\"x\"}\n");
                badLines.add((long) i);
            } else {
                file.append(row(i)).append('\n');
            }
        }
        String id = uploaded(TestStorage.gzip(file.toString()));
        assertThat(healthy.fileJobs().trigger("rows", id)).isEqualTo(FileJobs.Triggered.STARTED);

        Random random = new Random(SEED);
        int kills = 0;
        int sweeps = 0;
        int triggers = 0;
        for (int round = 0; !job(id).phase().isDone(); round++) {
            assertThat(round).as("rounds before the job is done (seed %d, %d kills)", SEED, kills).isLessThan(5_000);
            // each round is a new process, which dies at a call picked by the seed, before or after it lands
            DyingProcess process = new DyingProcess(1 + random.nextInt(30), random.nextBoolean());
            CoreComponents core = core(process.wrap(S3Client.class, storage.s3), process.wrap(DynamoDbClient.class, storage.dynamo),
                    settings(5, Duration.ofMinutes(10)), invocations::add, clock);
            try {
                if (!invocations.isEmpty()) {
                    core.runner().run(invocations.poll(), null);
                } else {
                    // nothing runs the job any more: time passes, and a trigger or the sweep takes it up
                    clock.move(STALL_TIMEOUT.plusSeconds(1));
                    if (random.nextBoolean()) {
                        if (core.sweep().sweep(FailedInvocations.NONE).resumed().contains(id)) {
                            sweeps++;
                        }
                    } else if (core.fileJobs().trigger("rows", id) == FileJobs.Triggered.STARTED) {
                        triggers++;
                    }
                }
            } catch (ProcessDied died) {
                kills++;
            } finally {
                process.dead.set(true);
            }
        }
        assertThat(kills).as("processes killed").isGreaterThanOrEqualTo(200);
        assertThat(sweeps).as("jobs resumed by the sweep").isPositive();
        assertThat(triggers).as("jobs resumed by a trigger").isPositive();

        long valid = rows - badLines.size();
        FileJob done = job(id);
        assertThat(done.phase()).isEqualTo(JobPhase.FINISHED);
        assertThat(done.completedCount()).isEqualTo(valid);
        assertThat(done.failedCount()).isEqualTo(badLines.size());
        List<Integer> stored = storedIds();
        assertThat(stored).as("every valid row once").hasSize((int) valid).doesNotHaveDuplicates();
        assertThat(new HashSet<>(stored)).hasSize((int) valid).noneMatch(i -> i % 37 == 0);
        assertThat(healthy.fileJobs().status("rows", id).failures()).extracting(FailedRow::line)
                .containsExactlyElementsOf(badLines.subList(badLines.size() - JobStore.KEPT_FAILURES, badLines.size()));
    }

    @Test
    void anInvokeThatFailsIsA503AndTheNextTriggerStartsTheJob() throws Exception {
        String id = uploaded(TestStorage.gzip(row(1) + "\n" + row(2) + "\n"));
        AtomicBoolean failOnce = new AtomicBoolean(true);
        CoreComponents flaky = core(storage.s3, storage.dynamo, settings(10, Duration.ofMinutes(10)), jobId -> {
            if (failOnce.getAndSet(false)) {
                throw new IllegalStateException("Lambda is unreachable");
            }
            invocations.add(jobId);
        }, clock);
        assertThatThrownBy(() -> flaky.fileJobs().trigger("rows", id)).isInstanceOfSatisfying(ServiceException.class,
                e -> assertThat(e.kind()).isEqualTo(ServiceException.Kind.UNAVAILABLE));
        assertThat(invocations).isEmpty();
        assertThat(job(id).phase()).as("kept, for the next trigger").isEqualTo(JobPhase.PROCESSING);

        assertThat(flaky.fileJobs().trigger("rows", id)).isEqualTo(FileJobs.Triggered.STARTED);
        assertThat(flaky.fileJobs().trigger("rows", id)).as("started once").isEqualTo(FileJobs.Triggered.IN_PROGRESS);
        assertThat(runInvocations(healthy)).isEqualTo(1);
        assertThat(job(id).phase()).isEqualTo(JobPhase.FINISHED);
        assertThat(storedIds()).containsExactly(1, 2);
    }

    @Test
    void anInvokeThatFailsLeavesTheJobToTheSweepWhenNobodyTriggersAgain() throws Exception {
        String id = uploaded(TestStorage.gzip(row(1) + "\n"));
        CoreComponents unreachable = core(storage.s3, storage.dynamo, settings(10, Duration.ofMinutes(10)), jobId -> {
            throw new IllegalStateException("Lambda is unreachable");
        }, clock);
        assertThatThrownBy(() -> unreachable.fileJobs().trigger("rows", id)).isInstanceOf(ServiceException.class);
        assertThat(healthy.sweep().sweep(FailedInvocations.NONE).resumed()).containsExactly(id);
        runInvocations(healthy);
        assertThat(job(id).phase()).isEqualTo(JobPhase.FINISHED);
        assertThat(storedIds()).containsExactly(1);
    }

    @Test
    void aTriggerAndTheSweepLeaveAJobWithARecentHeartbeatAlone() throws Exception {
        String id = uploaded(TestStorage.gzip(row(1) + "\n"));
        healthy.fileJobs().trigger("rows", id);
        invocations.clear();
        clock.move(STALL_TIMEOUT.minusSeconds(1));
        assertThat(healthy.fileJobs().trigger("rows", id)).isEqualTo(FileJobs.Triggered.IN_PROGRESS);
        assertThat(healthy.sweep().sweep(FailedInvocations.NONE).resumed()).isEmpty();
        assertThat(invocations).isEmpty();
        clock.move(Duration.ofSeconds(2));
        assertThat(healthy.sweep().sweep(FailedInvocations.NONE).resumed()).containsExactly(id);
        assertThat(healthy.fileJobs().trigger("rows", id)).as("resumed once").isEqualTo(FileJobs.Triggered.IN_PROGRESS);
        assertThat(invocations).containsExactly(id);
    }

    @Test
    void theSweepResumesTheJobsOfFailedInvocationsAndDeletesThem() throws Exception {
        String running = uploaded(TestStorage.gzip(row(1) + "\n"));
        healthy.fileJobs().trigger("rows", running);
        String finished = uploaded(TestStorage.gzip(row(2) + "\n"));
        healthy.fileJobs().trigger("rows", finished);
        invocations.remove(running);
        runInvocations(healthy);
        List<FailedInvocations.FailedInvocation> queue = new ArrayList<>(List.of(
                // its heartbeat is recent, but its invocation failed every retry: nothing runs it
                new FailedInvocations.FailedInvocation("m1", Optional.of(running)),
                new FailedInvocations.FailedInvocation("m2", Optional.of(finished)),
                // an upload event that failed: the trigger reads the upload itself
                new FailedInvocations.FailedInvocation("m3", Optional.empty())));
        List<String> deleted = new ArrayList<>();
        JobSweep.Result result = healthy.sweep().sweep(new FailedInvocations() {
            @Override
            public List<FailedInvocation> receive() {
                List<FailedInvocation> batch = List.copyOf(queue);
                queue.clear();
                return batch;
            }

            @Override
            public void delete(FailedInvocation invocation) {
                deleted.add(invocation.handle());
            }
        });
        assertThat(result.failedInvocations()).isEqualTo(3);
        assertThat(result.resumed()).containsExactly(running);
        assertThat(deleted).containsExactly("m1", "m2", "m3");
        runInvocations(healthy);
        assertThat(job(running).phase()).isEqualTo(JobPhase.FINISHED);
        assertThat(storedIds()).containsExactlyInAnyOrder(1, 2);
    }

    @Test
    void tenMillionBlankLinesWithATwoSecondBudgetContinueOnTime() throws Exception {
        String id = uploaded(TestStorage.gzip("\n".repeat(10_000_000) + row(1) + "\n"));
        healthy.fileJobs().trigger("rows", id);
        // one chunk could hold the whole file: only the time checked inside a chunk ends an invocation
        CoreComponents core = core(storage.s3, storage.dynamo, settings(Integer.MAX_VALUE, Duration.ofSeconds(2)), invocations::add,
                readingClock());
        int ran = runInvocations(core);
        assertThat(ran).as("the first invocation and its continuations").isGreaterThanOrEqualTo(3);
        FileJob job = job(id);
        assertThat(job.phase()).isEqualTo(JobPhase.FINISHED);
        assertThat(job.completedCount()).isEqualTo(1);
        assertThat(job.bytesRead()).isEqualTo(job.bytesTotal());
        assertThat(storedIds()).containsExactly(1);
    }

    @Test
    void aJobCancelledWhileALongChunkIsReadStopsAtItsNextHeartbeat() throws Exception {
        String id = uploaded(TestStorage.gzip("\n".repeat(10_000_000) + row(1) + "\n"));
        healthy.fileJobs().trigger("rows", id);
        // a stall timeout of 4 s: a heartbeat every second of the reading clock, about every 2 million lines here
        CoreComponents core = core(storage.s3, storage.dynamo,
                new ProcessingSettings(Integer.MAX_VALUE, 32L << 20, Duration.ofMinutes(10), 32L << 20, 0, Duration.ofSeconds(4)),
                invocations::add, readingClock());
        AtomicInteger checks = new AtomicInteger();
        FileJobProcessor.Outcome outcome = core.processor().process(id, () -> {
            if (checks.getAndIncrement() == 0) {
                healthy.fileJobs().cancel("rows", id);
            }
            return false;
        });
        assertThat(outcome).isEqualTo(FileJobProcessor.Outcome.DONE);
        assertThat(job(id).phase()).isEqualTo(JobPhase.CANCELLED);
        // time is looked at every 4,096 lines: reading to the end of the file would look about 2,440 times
        assertThat(checks.get()).as("looks at time until the heartbeat finds the job cancelled").isBetween(400, 1000);
        assertThat(storedIds()).isEmpty();
    }

    /** A clock that moves a millisecond each time it is read: reading spends time, with no wall time in the test. */
    private Clock readingClock() {
        AtomicReference<Instant> now = new AtomicReference<>(clock.instant());
        return new Clock() {
            @Override
            public Instant instant() {
                return now.updateAndGet(t -> t.plusMillis(1));
            }

            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new UnsupportedOperationException();
            }
        };
    }

    /** A process killed at its {@code killAt}-th storage call: that call fails (before it is sent or after it lands), and every later one. */
    private static final class DyingProcess {
        private final int killAt;
        private final boolean afterLanding;
        private final AtomicInteger calls = new AtomicInteger();
        private final AtomicBoolean dead = new AtomicBoolean();

        DyingProcess(int killAt, boolean afterLanding) {
            this.killAt = killAt;
            this.afterLanding = afterLanding;
        }

        <T> T wrap(Class<T> type, T client) {
            return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
                if (args != null && args.length == 1 && args[0] instanceof Consumer) {
                    // the SDK's builder-style overloads build the request and call the plain method
                    return InvocationHandler.invokeDefault(proxy, method, args);
                }
                if (method.getDeclaringClass() == Object.class || method.getName().equals("close")) {
                    return method.invoke(client, args);
                }
                if (dead.get()) {
                    throw new ProcessDied();
                }
                boolean dies = calls.incrementAndGet() == killAt;
                if (dies && !afterLanding) {
                    dead.set(true);
                    throw new ProcessDied();
                }
                Throwable failure = null;
                Object answer = null;
                try {
                    answer = method.invoke(client, args);
                } catch (InvocationTargetException e) {
                    failure = e.getCause();
                }
                if (dies) {
                    // the request landed, but its answer went down with the process
                    dead.set(true);
                    throw new ProcessDied();
                }
                if (failure != null) {
                    throw failure;
                }
                return answer;
            }));
        }
    }

    /** The process is gone: an Error, so no catch of the code under test mistakes it for a storage failure. */
    private static final class ProcessDied extends Error {
        ProcessDied() {
            super("the process died", null, false, false);
        }
    }

    /** The test's clock: still unless moved. */
    private static final class MovableClock extends Clock {
        private final AtomicReference<Instant> now;

        MovableClock(Instant start) {
            now = new AtomicReference<>(start);
        }

        void move(Duration by) {
            now.updateAndGet(t -> t.plus(by));
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
