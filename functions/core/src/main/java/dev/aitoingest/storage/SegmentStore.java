package dev.aitoingest.storage;

import com.github.luben.zstd.RecyclingBufferPool;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;

/** Segment objects in S3: written once, read as a stream of NDJSON lines, never changed. */
public final class SegmentStore {

    private final S3Client s3;
    private final String bucket;

    public SegmentStore(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    public Segment put(String key, byte[] compressed, long rows, long schemaVersion) {
        s3.putObject(b -> b.bucket(bucket).key(key).contentType("application/zstd")
                .metadata(Map.of("rows", Long.toString(rows))), RequestBody.fromBytes(compressed));
        return new Segment(key, rows, compressed.length, schemaVersion);
    }

    /** An object under the table data prefix: its key and when it was written. */
    public record StoredObject(String key, Instant lastModified) {
    }

    /** Every object whose key starts with the prefix. */
    public List<StoredObject> list(String prefix) {
        List<StoredObject> objects = new ArrayList<>();
        String token = null;
        do {
            String after = token;
            ListObjectsV2Response page = s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix).continuationToken(after));
            page.contents().forEach(object -> objects.add(new StoredObject(object.key(), object.lastModified())));
            token = page.isTruncated() ? page.nextContinuationToken() : null;
        } while (token != null);
        return objects;
    }

    /** The folders right under the prefix ({@code tables/} gives one per table, a table's folder one per generation). */
    public List<String> folders(String prefix) {
        List<String> folders = new ArrayList<>();
        String token = null;
        do {
            String after = token;
            ListObjectsV2Response page = s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix).delimiter("/").continuationToken(after));
            page.commonPrefixes().forEach(folder -> folders.add(folder.prefix()));
            token = page.isTruncated() ? page.nextContinuationToken() : null;
        } while (token != null);
        return folders;
    }

    public void delete(String key) {
        s3.deleteObject(b -> b.bucket(bucket).key(key));
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
