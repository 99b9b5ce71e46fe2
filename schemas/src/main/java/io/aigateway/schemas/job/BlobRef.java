package io.aigateway.schemas.job;

/**
 * A claim-check: where a blob (audio) lives, with its size and SHA-256, so a record never carries the bytes.
 *
 * @param uri where the blob store can find it, for example {@code file:blobs/ab/abcd...} or an Azure Blob URL
 * @param size bytes
 * @param sha256 lower-case hex digest of the content
 * @param contentType media type, for example {@code audio/wav}
 */
public record BlobRef(String uri, long size, String sha256, String contentType) {}
