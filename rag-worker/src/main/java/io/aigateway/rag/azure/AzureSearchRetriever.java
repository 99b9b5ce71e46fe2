package io.aigateway.rag.azure;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import com.azure.search.documents.SearchClient;
import com.azure.search.documents.SearchDocument;
import com.azure.search.documents.models.SearchOptions;
import com.azure.search.documents.models.SearchResult;
import com.azure.search.documents.models.VectorFilterMode;
import com.azure.search.documents.models.VectorSearchOptions;
import com.azure.search.documents.models.VectorizedQuery;
import io.aigateway.pipeline.failure.ErrorCodes;
import io.aigateway.pipeline.failure.StepException;
import io.aigateway.rag.embed.Embedder;
import io.aigateway.rag.retrieve.RetrievalQuery;
import io.aigateway.rag.retrieve.Retriever;
import io.aigateway.schemas.job.Passage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code azure-ai-search} retriever: one hybrid request per query, the search text for BM25 and a {@link
 * VectorizedQuery} of the locally computed MiniLM embedding for the vector field, which the service merges by
 * reciprocal rank fusion. The tenant filter ({@code tenantId eq '...'}) applies to both halves, the vector half
 * pre-filtered. Service errors become {@link StepException}s: 429 and 503 (and other 5xx, timeouts, resets) retryable
 * with the service's {@code Retry-After}, other 4xx not.
 */
public final class AzureSearchRetriever implements Retriever {

    public static final String SOURCE_FALLBACK = "azure-ai-search";

    private final SearchClient client;
    private final Embedder embedder;
    private final AzureSearchProperties.Fields fields;
    private final Duration timeout;

    public AzureSearchRetriever(
            SearchClient client, Embedder embedder, AzureSearchProperties.Fields fields, Duration timeout) {
        this.client = client;
        this.embedder = embedder;
        this.fields = fields;
        this.timeout = timeout;
    }

    @Override
    public List<Passage> retrieve(RetrievalQuery query) {
        if (query.tenantId() == null || query.tenantId().isBlank()) {
            throw StepException.permanent(ErrorCodes.INVALID_INPUT, "retrieval needs the job's tenant");
        }
        List<Float> vector = new ArrayList<>();
        for (float f : embedder.embed(query.text())) {
            vector.add(f);
        }
        SearchOptions options = new SearchOptions()
                .setFilter(tenantFilter(fields.tenant(), query.tenantId()))
                .setTop(query.topK())
                .setSelect(fields.documentId(), fields.title(), fields.chunk(), fields.content(), fields.source())
                .setVectorSearchOptions(new VectorSearchOptions()
                        .setFilterMode(VectorFilterMode.PRE_FILTER)
                        .setQueries(new VectorizedQuery(vector)
                                .setKNearestNeighborsCount(query.topK())
                                .setFields(fields.vector())));
        try {
            List<Passage> passages = new ArrayList<>();
            for (SearchResult result :
                    client.search(query.text(), options, new Context("azure-response-timeout", timeout))) {
                if (passages.size() >= query.topK()) {
                    break;
                }
                SearchDocument doc = result.getDocument(SearchDocument.class);
                passages.add(new Passage(
                        string(doc, fields.documentId()),
                        string(doc, fields.title()),
                        doc.get(fields.chunk()) instanceof Number n ? n.intValue() : 0,
                        string(doc, fields.content()),
                        result.getScore(),
                        Optional.ofNullable(string(doc, fields.source())).orElse(SOURCE_FALLBACK)));
            }
            return passages;
        } catch (HttpResponseException e) {
            throw classify(e);
        } catch (StepException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StepException(
                    ErrorCodes.PROVIDER_UNAVAILABLE, "Azure AI Search did not answer: " + e, true, null, e);
        }
    }

    /** An OData filter on the tenant field, the value's quotes doubled as OData escapes them. */
    static String tenantFilter(String field, String tenant) {
        return field + " eq '" + tenant.replace("'", "''") + "'";
    }

    static StepException classify(HttpResponseException e) {
        HttpResponse response = e.getResponse();
        int status = response == null ? 0 : response.getStatusCode();
        Duration retryAfter = response == null ? null : retryAfter(response);
        String message = "Azure AI Search answered " + status + ": " + firstLine(e.getMessage());
        if (status == 429) {
            return new StepException(ErrorCodes.PROVIDER_RATE_LIMITED, message, true, retryAfter, e);
        }
        if (status == 401 || status == 403) {
            return new StepException(ErrorCodes.PROVIDER_AUTH, message, false, null, e);
        }
        if (status == 408 || status >= 500 || status == 0) {
            return new StepException(ErrorCodes.PROVIDER_UNAVAILABLE, message, true, retryAfter, e);
        }
        return new StepException(ErrorCodes.PROVIDER_REJECTED, message, false, null, e);
    }

    private static Duration retryAfter(HttpResponse response) {
        String ms = response.getHeaderValue(HttpHeaderName.fromString("retry-after-ms"));
        if (ms == null) {
            ms = response.getHeaderValue(HttpHeaderName.fromString("x-ms-retry-after-ms"));
        }
        try {
            if (ms != null) {
                return Duration.ofMillis(Long.parseLong(ms.trim()));
            }
            String seconds = response.getHeaderValue(HttpHeaderName.RETRY_AFTER);
            return seconds == null ? null : Duration.ofSeconds(Long.parseLong(seconds.trim()));
        } catch (NumberFormatException ignored) {
            return null; // an HTTP date: the runtime's own backoff applies
        }
    }

    private static String string(SearchDocument doc, String field) {
        Object value = doc.get(field);
        return value == null ? null : value.toString();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
