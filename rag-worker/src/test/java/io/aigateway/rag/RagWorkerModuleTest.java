package io.aigateway.rag;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.pipeline.step.StepHandler;
import io.aigateway.rag.azure.AzureSearchProperties;
import io.aigateway.rag.documents.ChunkingProperties;
import io.aigateway.rag.indexing.SampleKbProperties;
import io.aigateway.rag.lucene.LuceneProperties;
import io.aigateway.rag.lucene.SearchMode;
import io.aigateway.rag.retrieve.RagProperties;
import io.aigateway.rag.retrieve.RagStepHandler;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The module as all-in-one imports it: settings bound, provider chosen by name, one step handler. */
class RagWorkerModuleTest {

    private final ApplicationContextRunner context =
            new ApplicationContextRunner().withUserConfiguration(RagWorkerModule.class);

    @Test
    void byDefaultTheMockProviderServesTheStep() {
        context.run(ctx -> {
            assertThat(ctx).hasNotFailed();
            assertThat(ctx.getBeansOfType(StepHandler.class)).hasSize(1);
            assertThat(ctx.getBean(StepHandler.class)).isInstanceOf(RagStepHandler.class);
            assertThat(ctx.getBean(StepHandler.class).providerFor(null)).isEqualTo("mock");
            assertThat(ctx.getBean(io.aigateway.pipeline.ops.ReadinessCheck.class)
                            .check()
                            .ready())
                    .as("no local index to wait for")
                    .isTrue();
        });
    }

    @Test
    void settingsBindFromKebabCaseProperties() {
        context.withPropertyValues("gateway.rag.default-top-k=2", "gateway.rag.max-top-k=7")
                .run(ctx -> assertThat(ctx.getBean(RagProperties.class)).isEqualTo(new RagProperties("mock", 2, 7)));
    }

    @Test
    void luceneChunkingAndSampleSettingsBind() {
        context.withPropertyValues(
                        "gateway.rag.lucene.index-dir=/tmp/x/../rag",
                        "gateway.rag.lucene.mode=bm25",
                        "gateway.rag.lucene.rrf-k=30",
                        "gateway.rag.chunking.size=400",
                        "gateway.rag.chunking.overlap=50",
                        "gateway.rag.sample-kb.enabled=true",
                        "gateway.rag.sample-kb.tenant=acme",
                        "gateway.rag.azure-ai-search.fields.vector=embedding")
                .run(ctx -> {
                    LuceneProperties lucene = ctx.getBean(LuceneProperties.class);
                    assertThat(lucene.indexDir()).isEqualTo(java.nio.file.Path.of("/tmp/rag"));
                    assertThat(lucene.mode()).isEqualTo(SearchMode.BM25);
                    assertThat(lucene.rrfK()).isEqualTo(30);
                    assertThat(lucene.candidates()).isEqualTo(20);
                    assertThat(ctx.getBean(ChunkingProperties.class)).isEqualTo(new ChunkingProperties(400, 50));
                    assertThat(ctx.getBean(SampleKbProperties.class)).isEqualTo(new SampleKbProperties(true, "acme"));
                    AzureSearchProperties azure = ctx.getBean(AzureSearchProperties.class);
                    assertThat(azure.fields().vector()).isEqualTo("embedding");
                    assertThat(azure.fields().tenant()).isEqualTo("tenantId");
                });
    }

    @Test
    void aChunkOverlapOfHalfTheSizeOrMoreStopsStartup() {
        context.withPropertyValues("gateway.rag.chunking.size=100", "gateway.rag.chunking.overlap=60")
                .run(ctx -> assertThat(ctx.getStartupFailure()).rootCause().hasMessageContaining("overlap"));
    }

    @Test
    void anUnknownProviderStopsStartupNamingTheKnownOnes() {
        context.withPropertyValues("gateway.rag.provider=elastic").run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(ctx.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("gateway.rag.provider 'elastic'")
                    .hasMessageContaining("known: azure-ai-search, lucene, mock");
        });
    }

    @Test
    void aMaximumBelowTheDefaultStopsStartup() {
        context.withPropertyValues("gateway.rag.default-top-k=5", "gateway.rag.max-top-k=2")
                .run(ctx -> assertThat(ctx.getStartupFailure()).rootCause().hasMessageContaining("max-top-k"));
    }
}
