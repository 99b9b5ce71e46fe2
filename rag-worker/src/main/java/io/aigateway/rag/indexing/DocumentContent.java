package io.aigateway.rag.indexing;

import io.aigateway.pipeline.blob.BlobStore;
import io.aigateway.rag.documents.DocumentText;
import io.aigateway.schemas.document.RagDocument;
import java.nio.charset.StandardCharsets;

/**
 * A document as an index takes it: its title (for HTML without one, the page's) and its plain text, read from the
 * record or, for a claim-checked document, from the blob store.
 */
public record DocumentContent(String title, String text) {

    public static DocumentContent of(RagDocument doc, BlobStore blobs) {
        String content = doc.text() != null ? doc.text() : new String(blobs.read(doc.blob()), StandardCharsets.UTF_8);
        if (RagDocument.HTML.equals(DocumentText.normalizeType(doc.contentType()))) {
            DocumentText.Html page = DocumentText.html(content);
            String title = doc.title() == null || doc.title().isBlank() ? page.title() : doc.title();
            return new DocumentContent(title, page.text());
        }
        return new DocumentContent(doc.title(), DocumentText.of(doc.contentType(), content));
    }
}
