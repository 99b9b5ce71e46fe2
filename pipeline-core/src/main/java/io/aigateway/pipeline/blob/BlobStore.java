package io.aigateway.pipeline.blob;

import io.aigateway.schemas.job.BlobRef;
import java.io.InputStream;
import java.util.Optional;

/**
 * The claim-check: large payloads (audio) are stored here once and records carry a {@link BlobRef} with size and
 * checksum instead of the bytes. A filesystem implementation serves the local default; Azure Blob Storage serves
 * production.
 */
public interface BlobStore {

    /** Stores the bytes under the tenant and returns their reference; the same bytes give the same reference. */
    BlobRef put(String tenantId, byte[] content, String contentType);

    /** Opens the blob; empty when it does not exist. The checksum is verified as the stream is read to its end. */
    Optional<InputStream> open(BlobRef ref);

    /** Reads the whole blob; throws {@link BlobNotFoundException} when it does not exist. */
    byte[] read(BlobRef ref);

    /** Removes the blob if it exists. */
    void delete(BlobRef ref);
}
