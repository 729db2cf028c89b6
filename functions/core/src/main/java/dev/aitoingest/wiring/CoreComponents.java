package dev.aitoingest.wiring;

import dev.aitoingest.ingest.TableWriter;
import dev.aitoingest.job.FileJobProcessor;
import dev.aitoingest.job.FileJobs;
import dev.aitoingest.job.JobRunner;
import dev.aitoingest.job.JobStore;
import dev.aitoingest.job.JobSweep;
import dev.aitoingest.job.OperationJobs;
import dev.aitoingest.job.ProcessingInvoker;
import dev.aitoingest.job.ProcessingSettings;
import dev.aitoingest.query.SearchService;
import dev.aitoingest.rewrite.GarbageCollector;
import dev.aitoingest.rewrite.TableRewriter;
import dev.aitoingest.schema.SchemaService;
import dev.aitoingest.schema.SchemaStore;
import dev.aitoingest.storage.CheckpointStore;
import dev.aitoingest.storage.SegmentStore;
import dev.aitoingest.storage.StorageSettings;
import dev.aitoingest.storage.TableCommitLog;
import java.time.Clock;
import java.time.Duration;

/**
 * Core's services wired together over the storage clients: the one place that knows how they fit.
 * The functions (through CDI), the tests and the benchmark all assemble core here; each call makes
 * a fresh set, as a new process would have.
 */
public record CoreComponents(StorageSettings storage, TableCommitLog commitLog, SegmentStore segments, SchemaService schemas,
                             TableWriter writer, JobStore jobs, SearchService search, FileJobProcessor processor, FileJobs fileJobs,
                             TableRewriter rewriter, OperationJobs operations, JobRunner runner, JobSweep sweep) {

    public static CoreComponents assemble(StorageClients clients, StorageSettings storage, ProcessingSettings processing,
                                          Duration uploadUrlLifetime, ProcessingInvoker invoker, Clock clock) {
        TableCommitLog log = new TableCommitLog(clients.dynamo(), storage.commitLogTable(), new CheckpointStore(clients.s3(), storage.bucket()),
                storage.versions(), storage.holeTimeout());
        SegmentStore segments = new SegmentStore(clients.s3(), storage.bucket(), storage.inlineSegmentBytes());
        SchemaService schemas = new SchemaService(new SchemaStore(clients.dynamo(), storage.schemaTable()), log);
        TableRewriter rewriter = new TableRewriter(schemas, segments, log, storage.segmentLevel(), processing.targetSegmentBytes(),
                new GarbageCollector(schemas, segments, log, clock));
        OperationJobs operations = new OperationJobs(clients.dynamo(), storage.jobTable(), schemas, rewriter, log, processing,
                invoker, clock);
        TableWriter writer = new TableWriter(schemas, segments, log, storage.segmentLevel(), operations::afterCommit);
        JobStore jobs = new JobStore(clients.dynamo(), storage.jobTable());
        FileJobProcessor processor = new FileJobProcessor(jobs, schemas, writer, clients.s3(), storage.bucket(), processing,
                storage.segmentLevel(), clock);
        FileJobs fileJobs = new FileJobs(schemas, jobs, clients.s3(), clients.presigner(), storage.bucket(), uploadUrlLifetime,
                invoker, processing.stallTimeout(), clock);
        return new CoreComponents(storage, log, segments, schemas, writer, jobs, new SearchService(schemas, log, segments),
                processor, fileJobs, rewriter, operations, new JobRunner(processor, operations, invoker, processing.timeBudget(), clock),
                new JobSweep(jobs, invoker, processing.stallTimeout(), clock));
    }
}
