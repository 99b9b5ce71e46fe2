package io.aigateway.pipeline.blob;

import io.aigateway.schemas.job.BlobRef;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.InputStream;
import java.util.Optional;

/**
 * Counts what goes through a blob store: {@code gateway.blobs.bytes} by direction ({@code written}, {@code read}) and
 * {@code gateway.blobs.count} by operation. Streams opened with {@link #open} count their size when opened.
 */
public final class MeteredBlobStore implements BlobStore {

    private final BlobStore delegate;
    private final Counter bytesWritten;
    private final Counter bytesRead;
    private final Counter puts;
    private final Counter reads;
    private final Counter deletes;

    public MeteredBlobStore(BlobStore delegate, MeterRegistry registry) {
        this.delegate = delegate;
        this.bytesWritten = bytes(registry, "written");
        this.bytesRead = bytes(registry, "read");
        this.puts = count(registry, "put");
        this.reads = count(registry, "read");
        this.deletes = count(registry, "delete");
    }

    private static Counter bytes(MeterRegistry registry, String direction) {
        return Counter.builder("gateway.blobs.bytes")
                .description("bytes written to and read from the blob store")
                .baseUnit("bytes")
                .tag("direction", direction)
                .register(registry);
    }

    private static Counter count(MeterRegistry registry, String operation) {
        return Counter.builder("gateway.blobs.count")
                .description("blob store operations")
                .tag("operation", operation)
                .register(registry);
    }

    @Override
    public BlobRef put(String tenantId, byte[] content, String contentType) {
        BlobRef ref = delegate.put(tenantId, content, contentType);
        puts.increment();
        bytesWritten.increment(content.length);
        return ref;
    }

    @Override
    public Optional<InputStream> open(BlobRef ref) {
        Optional<InputStream> stream = delegate.open(ref);
        stream.ifPresent(s -> {
            reads.increment();
            bytesRead.increment(ref.size());
        });
        return stream;
    }

    @Override
    public byte[] read(BlobRef ref) {
        byte[] content = delegate.read(ref);
        reads.increment();
        bytesRead.increment(content.length);
        return content;
    }

    @Override
    public void delete(BlobRef ref) {
        delegate.delete(ref);
        deletes.increment();
    }
}
