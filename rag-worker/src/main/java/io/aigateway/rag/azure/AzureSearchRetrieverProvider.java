package io.aigateway.rag.azure;

import com.azure.core.credential.AzureKeyCredential;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.search.documents.SearchClient;
import com.azure.search.documents.SearchClientBuilder;
import com.azure.search.documents.SearchServiceVersion;
import io.aigateway.pipeline.blob.BlobStore;
import io.aigateway.pipeline.config.KafkaSettings;
import io.aigateway.pipeline.kafka.TopicProvisioner;
import io.aigateway.pipeline.tracing.TraceparentPolicy;
import io.aigateway.rag.documents.Chunker;
import io.aigateway.rag.documents.ChunkingProperties;
import io.aigateway.rag.embed.MiniLmEmbedder;
import io.aigateway.rag.indexing.SharedIndexFeeder;
import io.aigateway.rag.retrieve.Retriever;
import io.aigateway.rag.retrieve.RetrieverProvider;
import java.time.Duration;
import java.util.function.Consumer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Offers provider {@code azure-ai-search}: a {@link SearchClient} on the configured endpoint and index, signed in by
 * key or, without one, by azure-identity. The SDK's own retries are off (one attempt per call): the step runtime
 * retries with backoff that honours {@code Retry-After}, within the job's deadline, so retries are not stacked.
 */
@Component
public class AzureSearchRetrieverProvider implements RetrieverProvider, DisposableBean {

    public static final String NAME = "azure-ai-search";

    private final ObjectProvider<AzureSearchProperties> properties;
    private final ObjectProvider<ChunkingProperties> chunking;
    private final ObjectProvider<KafkaSettings> kafka;
    private final ObjectProvider<BlobStore> blobs;
    private final ObjectProvider<TopicProvisioner> topics;
    private SharedIndexFeeder feeder;

    public AzureSearchRetrieverProvider(
            ObjectProvider<AzureSearchProperties> properties,
            ObjectProvider<ChunkingProperties> chunking,
            ObjectProvider<KafkaSettings> kafka,
            ObjectProvider<BlobStore> blobs,
            ObjectProvider<TopicProvisioner> topics) {
        this.properties = properties;
        this.chunking = chunking;
        this.kafka = kafka;
        this.blobs = blobs;
        this.topics = topics;
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * The retriever, and, when {@code feed-documents} is on, the feed that writes {@code gw.documents} into the index
     * (one consumer group for all instances, as the index is shared).
     */
    @Override
    public synchronized Retriever create() {
        AzureSearchProperties settings = properties.getObject();
        SearchClient client = client(settings);
        if (settings.feedDocuments()) {
            topics.getIfAvailable();
            feeder = new SharedIndexFeeder(
                    kafka.getObject(),
                    new AzureSearchDocumentSink(
                            client, MiniLmEmbedder.shared(), new Chunker(chunking.getObject()), settings.fields()),
                    blobs.getObject(),
                    settings.feederGroup());
            feeder.start();
        }
        return new AzureSearchRetriever(client, MiniLmEmbedder.shared(), settings.fields(), settings.timeout());
    }

    @Override
    public synchronized void destroy() {
        if (feeder != null) {
            feeder.close();
        }
    }

    public static SearchClient client(AzureSearchProperties settings) {
        return client(settings, builder -> {});
    }

    /** The client, with a last say for the caller (a test adds a policy; nothing else needs it). */
    public static SearchClient client(AzureSearchProperties settings, Consumer<SearchClientBuilder> customizer) {
        if (settings.endpoint() == null || settings.endpoint().isBlank()) {
            throw new IllegalStateException(
                    "gateway.rag.azure-ai-search.endpoint must be set to use provider azure-ai-search");
        }
        SearchClientBuilder builder = new SearchClientBuilder()
                .endpoint(settings.endpoint())
                .indexName(settings.index())
                .serviceVersion(
                        SearchServiceVersion.valueOf("V" + settings.apiVersion().replace('-', '_')))
                .httpClient(new JdkHttpClientBuilder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .build())
                .retryOptions(new RetryOptions(new FixedDelayOptions(0, Duration.ofMillis(1))))
                // the job's trace on every call, so the service's diagnostics line up with the job's
                .addPolicy(new TraceparentPolicy());
        if (settings.apiKey() != null && !settings.apiKey().isBlank()) {
            builder.credential(new AzureKeyCredential(settings.apiKey()));
        } else {
            builder.credential(new DefaultAzureCredentialBuilder().build());
        }
        customizer.accept(builder);
        return builder.buildClient();
    }
}
