package dev.aitoingest.job;

import dev.aitoingest.ServiceException;
import dev.aitoingest.ingest.CsvFormat;
import dev.aitoingest.schema.SchemaService;
import dev.aitoingest.schema.StoredTable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** The file upload API: create a job with its upload URL, trigger it, report its status. */
public final class FileJobs {

    /** What init answers: the job id and where to PUT the file until when. */
    public record Upload(String id, String url, Instant expires) {
    }

    /** What a trigger found: it started the job, the job was already running, or already done. */
    public enum Triggered {
        STARTED, IN_PROGRESS, FINISHED
    }

    /** A job and its last failing rows, for the status answer. */
    public record Status(FileJob job, List<FailedRow> failures) {
    }

    private final SchemaService schemas;
    private final JobStore jobs;
    private final S3Client s3;
    private final S3Presigner presigner;
    private final String bucket;
    private final Duration urlLifetime;
    private final ProcessingInvoker invoker;
    private final Duration stallTimeout;
    private final Clock clock;

    public FileJobs(SchemaService schemas, JobStore jobs, S3Client s3, S3Presigner presigner, String bucket,
                    Duration urlLifetime, ProcessingInvoker invoker, Duration stallTimeout, Clock clock) {
        this.schemas = schemas;
        this.jobs = jobs;
        this.s3 = s3;
        this.presigner = presigner;
        this.bucket = bucket;
        this.urlLifetime = urlLifetime;
        this.invoker = invoker;
        this.stallTimeout = stallTimeout;
        this.clock = clock;
    }

    /** Creates a job for a gzipped NDJSON file and a presigned PUT URL for exactly its one object (no content type, no checksum signed). */
    public Upload init(String table) {
        return init(table, null);
    }

    /** As {@link #init(String)}, for a gzipped CSV file in the given format ({@code csv} null: NDJSON). */
    public Upload init(String table, CsvFormat csv) {
        schemas.table(table);
        String id = UUID.randomUUID().toString();
        Instant now = clock.instant();
        jobs.create(id, table, csv, now);
        String key = UploadKeys.of(table, id);
        String url = presigner.presignPutObject(b -> b.signatureDuration(urlLifetime)
                .putObjectRequest(p -> p.bucket(bucket).key(key))).url().toString();
        return new Upload(id, url, now.plus(urlLifetime));
    }

    /**
     * Starts processing once the file is there. Triggering again is harmless: only the call that
     * moves the job to processing starts a processor; the others answer the current state. A job
     * in processing with no heartbeat for the stall timeout is taken up again from its checkpoint,
     * by the one trigger (or sweep) that moves its heartbeat first.
     */
    public Triggered trigger(String table, String id) {
        FileJob job = job(table, id);
        Instant now = clock.instant();
        if (job.phase() == JobPhase.CREATED || job.phase() == JobPhase.UPLOADED) {
            HeadObjectResponse uploaded = uploaded(job);
            StoredTable stored = schemas.table(table);
            if (jobs.start(id, stored.generation(), uploaded.contentLength(), uploaded.eTag(), now)) {
                startProcessing(id, now);
                return Triggered.STARTED;
            }
            job = job(table, id);
        }
        if (job.stalledSince(now.minus(stallTimeout)) && jobs.resume(id, job.heartbeatAt(), now)) {
            startProcessing(id, now);
            return Triggered.STARTED;
        }
        return job.phase().isDone() ? Triggered.FINISHED : Triggered.IN_PROGRESS;
    }

    /**
     * Invokes the processor for the heartbeat just given. An invoke that fails takes the heartbeat
     * back, so the job reads as stalled and the next trigger (or the sweep) starts it: the client
     * is told to try again, never left with a job that nothing runs.
     */
    private void startProcessing(String id, Instant heartbeat) {
        try {
            invoker.startProcessing(id);
        } catch (RuntimeException invokeFailed) {
            try {
                jobs.expireHeartbeat(id, heartbeat);
            } catch (RuntimeException alsoFailed) {
                // the heartbeat then ages out by itself: after the stall timeout the job is resumed all the same
                invokeFailed.addSuppressed(alsoFailed);
            }
            throw ServiceException.unavailable("The file's processing could not be started just now; the job is kept: "
                    + "trigger it again in a moment");
        }
    }

    /** The file of a job arrived (S3 told us): true when that moved the job from created to uploaded. */
    public boolean recordUpload(String objectKey, long size) {
        return UploadKeys.jobId(objectKey).map(id -> jobs.recordUpload(id, size)).orElse(false);
    }

    /** Cancels the job; the rows it committed before stay. Cancelling a job that is done changes nothing. */
    public Status cancel(String table, String id) {
        job(table, id);
        jobs.cancel(id, clock.instant());
        return status(table, id);
    }

    public Status status(String table, String id) {
        FileJob job = job(table, id);
        return new Status(job, jobs.failures(id));
    }

    private FileJob job(String table, String id) {
        try {
            UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ServiceException.badRequest("Invalid job id \"" + id + "\": expected a UUID");
        }
        FileJob job = jobs.find(id).orElse(null);
        if (job == null || !job.table().equals(table)) {
            throw ServiceException.notFound("No such file upload job for table " + table + ": " + id);
        }
        return job;
    }

    private HeadObjectResponse uploaded(FileJob job) {
        try {
            return s3.headObject(b -> b.bucket(bucket).key(job.uploadKey()));
        } catch (NoSuchKeyException e) {
            throw nothingUploaded();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw nothingUploaded();
            }
            throw e;
        }
    }

    private static ServiceException nothingUploaded() {
        return ServiceException.badRequest("Nothing was uploaded for this job yet: PUT the gzipped file to "
                + "the URL that POST /api/v1/data/{table}/file answered, then trigger again");
    }
}
