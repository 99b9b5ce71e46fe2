package io.aigateway.ingress.documents;

import io.aigateway.schemas.document.RagDocument;
import java.time.Instant;

/**
 * What the API shows of a document: not its content, which lives in the topic (or the blob store) and the indexes.
 *
 * @param size content bytes (UTF-8)
 * @param stored {@code inline} when the content rides in the record, {@code blob} when it is in the blob store
 */
public record DocumentSummary(
        String id,
        String title,
        String contentType,
        long size,
        String stored,
        String source,
        long version,
        Instant updatedAt) {

    static DocumentSummary of(RagDocument doc) {
        long size = doc.text() != null
                ? doc.text().getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                : doc.blob().size();
        return new DocumentSummary(
                doc.documentId(),
                doc.title(),
                doc.contentType(),
                size,
                doc.text() != null ? "inline" : "blob",
                doc.source(),
                doc.version(),
                doc.updatedAt());
    }
}
