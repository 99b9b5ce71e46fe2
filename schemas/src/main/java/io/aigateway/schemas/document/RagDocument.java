package io.aigateway.schemas.document;

import io.aigateway.schemas.SchemaVersion;
import io.aigateway.schemas.job.BlobRef;
import java.time.Instant;
import java.util.Objects;

/**
 * The latest version of one document of a tenant's knowledge base, as the compacted topic {@code gw.documents} keeps
 * it (key: {@link #key(String, String)}; a tombstone, a null value, deletes the document). Every rag-worker instance
 * reads the whole topic and indexes what it holds, so all of them end with the same index.
 *
 * <p>The content rides in {@code text}, or, over the claim-check threshold, in the blob store with {@code blob}
 * pointing at it; exactly one of the two is set.
 *
 * @param schemaVersion version of the message contracts the writer used
 * @param tenantId the tenant the document belongs to; only that tenant's retrieval ever sees it
 * @param documentId the document's id, unique within the tenant
 * @param title a human title, shown with each passage
 * @param contentType {@code text/plain}, {@code text/markdown} or {@code text/html}
 * @param text the content, when small enough to ride in the record
 * @param blob where the content lives when it does not ride in the record
 * @param source where the document came from (for example {@code api} or {@code sample-kb})
 * @param version rises with every new version of the document (the writer's clock in milliseconds)
 * @param updatedAt when this version was published
 */
public record RagDocument(
        int schemaVersion,
        String tenantId,
        String documentId,
        String title,
        String contentType,
        String text,
        BlobRef blob,
        String source,
        long version,
        Instant updatedAt) {

    public static final String PLAIN = "text/plain";
    public static final String MARKDOWN = "text/markdown";
    public static final String HTML = "text/html";

    public RagDocument {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(documentId, "documentId");
        if ((text == null) == (blob == null)) {
            throw new IllegalArgumentException("a document carries either its text or a blob reference, not "
                    + (text == null ? "neither" : "both"));
        }
    }

    public static RagDocument inline(
            String tenantId,
            String documentId,
            String title,
            String contentType,
            String text,
            String source,
            Instant updatedAt) {
        return new RagDocument(
                SchemaVersion.CURRENT,
                tenantId,
                documentId,
                title,
                contentType,
                text,
                null,
                source,
                updatedAt.toEpochMilli(),
                updatedAt);
    }

    /** The record key on {@code gw.documents}: tenant and document id, so compaction keeps one value per document. */
    public static String key(String tenantId, String documentId) {
        return tenantId + "/" + documentId;
    }

    public String key() {
        return key(tenantId, documentId);
    }

    /** The tenant of a {@code gw.documents} key (tombstones carry only the key). */
    public static String tenantOfKey(String key) {
        int slash = key.indexOf('/');
        if (slash <= 0) {
            throw new IllegalArgumentException("not a document key (tenant/id): " + key);
        }
        return key.substring(0, slash);
    }

    /** The document id of a {@code gw.documents} key. */
    public static String documentIdOfKey(String key) {
        tenantOfKey(key);
        return key.substring(key.indexOf('/') + 1);
    }
}
