package io.aigateway.rag.azure;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the {@code azure-ai-search} provider ({@code gateway.rag.azure-ai-search.*}). Only read when that
 * provider is selected.
 *
 * @param endpoint the search service, for example {@code https://my-search.search.windows.net}
 * @param index the index holding the chunks
 * @param apiKey a query key; when empty the provider signs in with azure-identity (managed identity in Azure). Set
 *     it from the environment ({@code GATEWAY_RAG_AZURE_AI_SEARCH_API_KEY}), never in YAML
 * @param apiVersion the REST API version the SDK speaks ({@code 2024-07-01} or later for vector queries)
 * @param timeout how long one search may take before it fails retryably
 * @param fields the index's field names
 * @param feedDocuments whether the workers write {@code gw.documents} into the index (one consumer group shared by
 *     the instances); off when the index is filled by a pipeline of its own
 * @param feederGroup the consumer group of that feed
 */
@ConfigurationProperties("gateway.rag.azure-ai-search")
public record AzureSearchProperties(
        String endpoint,
        @DefaultValue("gateway-documents") String index,
        String apiKey,
        @DefaultValue("2024-07-01") String apiVersion,
        @DefaultValue("10s") Duration timeout,
        @DefaultValue Fields fields,
        @DefaultValue("true") boolean feedDocuments,
        @DefaultValue("gw-rag-azure-indexer") String feederGroup) {

    /**
     * Field names of the index: one search document per chunk.
     *
     * @param tenant filterable string: the owning tenant, filtered on in every query
     * @param documentId the document the chunk belongs to
     * @param title searchable title
     * @param chunk the chunk's index within its document
     * @param content searchable chunk text
     * @param source where the document came from
     * @param vector {@code Collection(Edm.Single)} of 384 dimensions (MiniLM), searched by kNN
     */
    public record Fields(
            @DefaultValue("tenantId") String tenant,
            @DefaultValue("documentId") String documentId,
            @DefaultValue("title") String title,
            @DefaultValue("chunk") String chunk,
            @DefaultValue("content") String content,
            @DefaultValue("source") String source,
            @DefaultValue("contentVector") String vector) {}
}
