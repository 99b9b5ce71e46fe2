package io.aigateway.rag;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.pipeline.step.StepHandler;
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
        });
    }

    @Test
    void settingsBindFromKebabCaseProperties() {
        context.withPropertyValues("gateway.rag.default-top-k=2", "gateway.rag.max-top-k=7")
                .run(ctx -> assertThat(ctx.getBean(RagProperties.class)).isEqualTo(new RagProperties("mock", 2, 7)));
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
