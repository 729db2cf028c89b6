package dev.aitoingest.storage;

import com.github.luben.zstd.RecyclingBufferPool;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import dev.aitoingest.HandedOff;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;

/**
 * Segments: written once, read as a stream of NDJSON lines, never changed. A segment of a commit of
 * its own that compresses to at most {@code inlineBytes} stays inline in the commit instead of
 * becoming an S3 object: a small batch then costs no S3 PUT to write and no GET to read.
 */
public final class SegmentStore {

    /** Reads one segment's NDJSON. */
    @FunctionalInterface
    public interface SegmentReader {
        void read(Segment segment, InputStream ndjson) throws IOException;
    }

    /**
     * While one segment is read, up to this many of the next ones are fetched, so a scan waits on
     * at most 1 + FETCH_AHEAD GETs at a time instead of one after another.
     */
    static final int FETCH_AHEAD = 3;

    private final S3Client s3;
    private final String bucket;
    private final ThreadPoolExecutor fetches;
    private final int inlineBytes;

    public SegmentStore(S3Client s3, String bucket, int inlineBytes) {
        this.s3 = s3;
        this.bucket = bucket;
        this.inlineBytes = inlineBytes;
        this.fetches = new ThreadPoolExecutor(FETCH_AHEAD, FETCH_AHEAD, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread thread = new Thread(r, "segment-fetch");
            thread.setDaemon(true);
            return thread;
        });
        fetches.allowCoreThreadTimeOut(true);
    }

    /** The segment of a commit that adds only it: inline if it is small enough, else put in S3. */
    public Segment putOrInline(String key, byte[] compressed, long rows, long schemaVersion, SegmentStats stats) {
        if (compressed.length <= inlineBytes) {
            return new Segment(key, rows, compressed.length, schemaVersion, stats, compressed);
        }
        return put(key, compressed, rows, schemaVersion, stats);
    }

    public Segment put(String key, byte[] compressed, long rows, long schemaVersion, SegmentStats stats) {
        s3.putObject(b -> b.bucket(bucket).key(key).contentType("application/zstd")
                .metadata(Map.of("rows", Long.toString(rows))), RequestBody.fromBytes(compressed));
        return new Segment(key, rows, compressed.length, schemaVersion, stats);
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
        InputStream raw = get(segment);
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

    /**
     * Hands the segments' NDJSON to the reader one after another, in the order given. The first is
     * streamed (a page may need only its first rows); the next ones are fetched whole, a few at a
     * time, while it is read.
     */
    public void readInOrder(List<Segment> segments, SegmentReader reader) {
        Deque<Future<byte[]>> ahead = new ArrayDeque<>();
        int fetched = 1;
        try {
            for (int i = 0; i < segments.size(); i++) {
                for (; fetched < segments.size() && fetched <= i + FETCH_AHEAD; fetched++) {
                    Segment next = segments.get(fetched);
                    ahead.add(next.isInline() ? CompletableFuture.completedFuture(next.inline()) : fetches.submit(() -> {
                        try (InputStream in = get(next)) {
                            return in.readAllBytes();
                        }
                    }));
                }
                InputStream compressed = i == 0 ? get(segments.get(0))
                        : new ByteArrayInputStream(HandedOff.await(ahead.poll(), "fetching a segment"));
                try (InputStream ndjson = new ZstdInputStreamNoFinalizer(compressed, RecyclingBufferPool.INSTANCE)) {
                    reader.read(segments.get(i), ndjson);
                } finally {
                    compressed.close();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            ahead.forEach(fetch -> fetch.cancel(true));
        }
    }

    private InputStream get(Segment segment) {
        if (segment.isInline()) {
            return new ByteArrayInputStream(segment.inline());
        }
        return s3.getObject(b -> b.bucket(bucket).key(segment.key()));
    }

}
