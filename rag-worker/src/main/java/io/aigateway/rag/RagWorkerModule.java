package io.aigateway.rag;

import io.aigateway.pipeline.control.SelectedProviders;
import io.aigateway.rag.azure.AzureSearchProperties;
import io.aigateway.rag.documents.ChunkingProperties;
import io.aigateway.rag.indexing.SampleKbProperties;
import io.aigateway.rag.lucene.LuceneIndexReadiness;
import io.aigateway.rag.lucene.LuceneProperties;
import io.aigateway.rag.lucene.LuceneRetrieverProvider;
import io.aigateway.rag.mock.MockRetrieverProvider;
import io.aigateway.rag.retrieve.RagProperties;
import io.aigateway.rag.retrieve.RagStepHandler;
import io.aigateway.rag.retrieve.RetrieverProvider;
import io.aigateway.rag.retrieve.RetrieverSelection;
import java.util.List;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;

/**
 * The rag step as a module: its settings, the retriever chosen by {@code gateway.rag.provider} among the provider
 * beans in the context, and the step handler that pipeline-core runs. {@code all-in-one} imports this class; the
 * standalone {@link RagWorkerApplication} finds it by scanning.
 */
@Configuration(proxyBeanMethods = false)
@ComponentScan(
        excludeFilters = @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootApplication.class))
@EnableConfigurationProperties({
    RagProperties.class,
    LuceneProperties.class,
    ChunkingProperties.class,
    SampleKbProperties.class,
    AzureSearchProperties.class
})
public class RagWorkerModule {

    @Bean
    RetrieverSelection ragRetrieverSelection(RagProperties properties, List<RetrieverProvider> providers) {
        return RetrieverSelection.select(properties.provider(), providers);
    }

    /** Asks the lucene provider whether its index caught up; ready at once when another provider was selected. */
    @Bean
    LuceneIndexReadiness ragIndexReadiness(RetrieverSelection ragRetrieverSelection, LuceneRetrieverProvider lucene) {
        return new LuceneIndexReadiness(lucene);
    }

    /** For the registry: the retriever this worker runs and the others it knows. */
    @Bean
    SelectedProviders ragProviderCatalog(RetrieverSelection ragRetrieverSelection, List<RetrieverProvider> providers) {
        return new SelectedProviders(
                "rag",
                "gateway.rag.provider",
                ragRetrieverSelection.provider(),
                providers.stream().map(RetrieverProvider::name).toList(),
                name -> SelectedProviders.Offer.NOTHING);
    }

    @Bean
    RagStepHandler ragStepHandler(
            RetrieverSelection ragRetrieverSelection, List<RetrieverProvider> providers, RagProperties properties) {
        // jobs marked mockProviders (load tests) are answered by the mock, whatever this worker is configured with
        RetrieverSelection mock = ragRetrieverSelection.provider().equals(MockRetrieverProvider.NAME)
                ? ragRetrieverSelection
                : RetrieverSelection.select(MockRetrieverProvider.NAME, providers);
        return new RagStepHandler(ragRetrieverSelection, mock, properties);
    }
}
