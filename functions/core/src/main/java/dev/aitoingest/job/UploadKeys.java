package dev.aitoingest.job;

import java.util.Optional;

/** Where uploaded files go in the bucket: {@code uploads/<table>/<job id>.ndjson.gz}. */
public final class UploadKeys {

    public static final String PREFIX = "uploads/";
    public static final String SUFFIX = ".ndjson.gz";

    private UploadKeys() {
    }

    public static String of(String table, String jobId) {
        return PREFIX + table + "/" + jobId + SUFFIX;
    }

    /** The job id of an upload key, as an S3 event names it; empty for any other key. */
    public static Optional<String> jobId(String key) {
        if (!key.startsWith(PREFIX) || !key.endsWith(SUFFIX)) {
            return Optional.empty();
        }
        String rest = key.substring(PREFIX.length(), key.length() - SUFFIX.length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash != rest.lastIndexOf('/')) {
            return Optional.empty();
        }
        return Optional.of(rest.substring(slash + 1));
    }
}
