package dev.aitoingest.services;

import dev.aitoingest.storage.VersionAllocation;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The functions' settings: template.yaml sets them as environment variables. */
@ConfigMapping(prefix = "aito")
public interface ServiceConfig {

    Storage storage();

    Auth auth();

    Local local();

    Processing processing();

    interface Processing {
        /** {@code lambda}: invoke the processor function; {@code in-process}: run jobs on threads of this JVM. */
        @WithDefault("lambda")
        String mode();

        /** The processor function's name (on AWS). */
        Optional<String> functionName();

        int chunkRows();

        long chunkBytes();

        /** How long one invocation runs before it hands over to a continuation. */
        Duration timeBudget();

        /** A job in processing with no heartbeat for this long is taken up again by a trigger or the sweep. */
        Duration stallTimeout();

        /** In-process mode only: how often the process sweeps for stalled jobs (on AWS a schedule in template.yaml does). */
        @WithDefault("PT1M")
        Duration localSweepInterval();

        /** The processor function: the SQS queue (URL) where Lambda keeps invocations that failed every retry. */
        Optional<String> failedInvocationsQueue();

        /** How long a presigned upload URL works. */
        Duration uploadUrlLifetime();

        /** Optimize merges neighbouring small segments into segments of about this many compressed bytes. */
        long optimizeTargetBytes();

        /** A table with this many small segments is optimized by a job without asking; 0 never. */
        int autoOptimizeSegments();
    }

    interface Storage {
        String bucket();

        String schemaTable();

        String commitLogTable();

        String jobTable();

        /** zstd level of new segments: 1 is several times faster than gzip and still compresses NDJSON well. */
        @WithDefault("1")
        int segmentLevel();

        /** How commits get their versions: {@code counter}, or {@code race}, the protocol the counter replaced. */
        @WithDefault("counter")
        VersionAllocation commitVersions();

        /** How long a reader waits for a claimed version's commit before it seals the version as aborted. */
        @WithDefault("PT2S")
        Duration commitHoleTimeout();

        /** Up to this many compressed bytes an upload's segment stays inline in its commit item instead of S3 (0: never). */
        @WithDefault("8192")
        int inlineSegmentBytes();
    }

    /**
     * The API keys and the scoped keys; only the API function needs them, and it refuses to start
     * without them (ApiKeysCheck). On AWS the two Aito keys are secrets in Secrets Manager, named
     * here; elsewhere they are given as values.
     */
    interface Auth {
        Optional<String> readKey();

        Optional<String> writeKey();

        /** The secret (ARN or name) holding the read-only key; when set, the keys are read from Secrets Manager, not from read-key and write-key. */
        Optional<String> readKeySecret();

        Optional<String> writeKeySecret();

        /** The Aito keys are read again after this long, so a rotated key is picked up without a redeploy. */
        @WithDefault("PT5M")
        Duration refreshInterval();

        /** The DynamoDB table of scoped keys. */
        Optional<String> keyTable();

        /** A scoped key found in the table is trusted this long before it is looked up again (a revocation elsewhere takes this long). */
        @WithDefault("PT30S")
        Duration scopedKeyCacheTime();
    }

    /** The local run only: emulators started in this JVM, data kept under one folder. */
    interface Local {
        @WithDefault("false")
        boolean startEmulators();

        Optional<Path> dataDir();

        /** Where dynalite's launcher and node_modules are. */
        Optional<Path> emulatorsDir();

        @WithDefault("4566")
        int s3Port();

        @WithDefault("4567")
        int dynamodbPort();
    }
}
