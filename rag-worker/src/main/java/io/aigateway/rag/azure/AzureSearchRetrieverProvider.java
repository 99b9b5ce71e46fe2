package io.aigateway.rag.azure;

import com.azure.core.credential.AzureKeyCredential;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.search.documents.SearchClient;
import com.azure.search.documents.SearchClientBuilder;
import com.azure.search.documents.SearchServiceVersion;
import io.aigateway.rag.embed.MiniLmEmbedder;
import io.aigateway.rag.retrieve.Retriever;
import io.aigateway.rag.retrieve.RetrieverProvider;
import java.time.Duration;
import java.util.function.Consumer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Offers provider {@code azure-ai-search}: a {@link SearchClient} on the configured endpoint and index, signed in by
 * key or, without one, by azure-identity. The SDK's own retries are off (one attempt per call): the step runtime
 * retries with backoff that honours {@code Retry-After}, within the job's deadline, so retries are not stacked.
 */
@Component
public class AzureSearchRetrieverProvider implements RetrieverProvider {

    public static final String NAME = "azure-ai-search";

    private final ObjectProvider<AzureSearchProperties> properties;

    public AzureSearchRetrieverProvider(ObjectProvider<AzureSearchProperties> properties) {
        this.properties = properties;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Retriever create() {
        AzureSearchProperties settings = properties.getObject();
        return new AzureSearchRetriever(
                client(settings), MiniLmEmbedder.shared(), settings.fields(), settings.timeout());
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
                .retryOptions(new RetryOptions(new FixedDelayOptions(0, Duration.ofMillis(1))));
        if (settings.apiKey() != null && !settings.apiKey().isBlank()) {
            builder.credential(new AzureKeyCredential(settings.apiKey()));
        } else {
            builder.credential(new DefaultAzureCredentialBuilder().build());
        }
        customizer.accept(builder);
        return builder.buildClient();
    }
}
