package dev.aitoingest.storage;

import com.github.luben.zstd.RecyclingBufferPool;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Segment objects in S3: written once, read as a stream of NDJSON lines, never changed. */
public final class SegmentStore {

    private final S3Client s3;
    private final String bucket;

    public SegmentStore(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    public Segment put(String key, byte[] compressed, long rows, long schemaVersion, SegmentStats stats) {
        s3.putObject(b -> b.bucket(bucket).key(key).contentType("application/zstd")
                .metadata(Map.of("rows", Long.toString(rows))), RequestBody.fromBytes(compressed));
        return new Segment(key, rows, compressed.length, schemaVersion, stats);
    }

    /** The segment's NDJSON, decompressed as it is read. */
    public InputStream open(Segment segment) {
        InputStream raw = s3.getObject(b -> b.bucket(bucket).key(segment.key()));
        try {
            return new ZstdInputStreamNoFinalizer(raw, RecyclingBufferPool.INSTANCE);
        } catch (IOException e) {
            try {
                raw.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new UncheckedIOException(e);
        }
    }
}
