package io.aigateway.rag.azure;

import com.azure.core.exception.HttpResponseException;
import com.azure.search.documents.SearchClient;
import com.azure.search.documents.SearchDocument;
import com.azure.search.documents.models.SearchOptions;
import com.azure.search.documents.models.SearchResult;
import io.aigateway.pipeline.failure.ErrorCodes;
import io.aigateway.pipeline.failure.StepException;
import io.aigateway.rag.documents.Chunker;
import io.aigateway.rag.embed.Embedder;
import io.aigateway.rag.indexing.DocumentSink;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Writes documents into the Azure AI Search index the {@code azure-ai-search} retriever searches: one search document
 * per chunk (key {@code <base64url(tenant/document)>_<chunk>}, the tenant, document id, title, chunk index, text,
 * source and the MiniLM vector of "title + chunk", the same model the retriever embeds questions with), uploaded with
 * {@code mergeOrUpload}; then the document's chunks beyond the new count, left from a longer earlier version, are
 * deleted. A delete removes every chunk of the document. Both are idempotent.
 */
public final class AzureSearchDocumentSink implements DocumentSink {

    private final SearchClient client;
    private final Embedder embedder;
    private final Chunker chunker;
    private final AzureSearchProperties.Fields fields;

    public AzureSearchDocumentSink(
            SearchClient client, Embedder embedder, Chunker chunker, AzureSearchProperties.Fields fields) {
        this.client = client;
        this.embedder = embedder;
        this.chunker = chunker;
        this.fields = fields;
    }

    @Override
    public void upsert(String tenant, String documentId, String title, String text, String source, long version) {
        List<String> chunks = chunker.chunks(text);
        String heading = title == null ? "" : title;
        List<float[]> vectors = embedder.embedAll(chunks.stream()
                .map(c -> heading.isBlank() ? c : heading + "\n" + c)
                .toList());
        List<SearchDocument> docs = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            SearchDocument d = new SearchDocument();
            d.put("id", key(tenant, documentId, i));
            d.put(fields.tenant(), tenant);
            d.put(fields.documentId(), documentId);
            d.put(fields.title(), heading);
            d.put(fields.chunk(), i);
            d.put(fields.content(), chunks.get(i));
            d.put(fields.source(), source);
            List<Float> vector = new ArrayList<>();
            for (float f : vectors.get(i)) {
                vector.add(f);
            }
            d.put(fields.vector(), vector);
            docs.add(d);
        }
        try {
            if (!docs.isEmpty()) {
                client.mergeOrUploadDocuments(docs);
            }
            deleteChunks(tenant, documentId, chunks.size());
        } catch (HttpResponseException e) {
            throw AzureSearchRetriever.classify(e);
        } catch (RuntimeException e) {
            throw new StepException(
                    ErrorCodes.PROVIDER_UNAVAILABLE, "Azure AI Search did not answer: " + e, true, null, e);
        }
    }

    @Override
    public void delete(String tenant, String documentId) {
        try {
            deleteChunks(tenant, documentId, 0);
        } catch (HttpResponseException e) {
            throw AzureSearchRetriever.classify(e);
        } catch (RuntimeException e) {
            throw new StepException(
                    ErrorCodes.PROVIDER_UNAVAILABLE, "Azure AI Search did not answer: " + e, true, null, e);
        }
    }

    /** Deletes the document's chunks whose index is at least {@code from}. */
    private void deleteChunks(String tenant, String documentId, int from) {
        String filter = AzureSearchRetriever.tenantFilter(fields.tenant(), tenant) + " and "
                + AzureSearchRetriever.tenantFilter(fields.documentId(), documentId)
                + (from > 0 ? " and " + fields.chunk() + " ge " + from : "");
        List<SearchDocument> stale = new ArrayList<>();
        for (SearchResult r : client.search(
                "*", new SearchOptions().setFilter(filter).setSelect("id").setTop(1000), null)) {
            SearchDocument key = new SearchDocument();
            key.put("id", r.getDocument(SearchDocument.class).get("id"));
            stale.add(key);
        }
        if (!stale.isEmpty()) {
            client.deleteDocuments(stale);
        }
    }

    /** A key Azure AI Search accepts (letters, digits, dash, underscore, equals) that no two chunks share. */
    static String key(String tenant, String documentId, int chunk) {
        return Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString((tenant + "/" + documentId).getBytes(StandardCharsets.UTF_8))
                + "_" + chunk;
    }
}
