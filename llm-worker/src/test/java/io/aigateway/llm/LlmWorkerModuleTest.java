package io.aigateway.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.llm.chat.LlmStepHandler;
import io.aigateway.llm.mock.MockChatModelProperties;
import io.aigateway.llm.mock.MockFailure;
import io.aigateway.pipeline.step.StepHandler;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The module as all-in-one imports it: settings bound, provider chosen by name, one step handler. */
class LlmWorkerModuleTest {

    private final ApplicationContextRunner context =
            new ApplicationContextRunner().withUserConfiguration(LlmWorkerModule.class);

    @Test
    void byDefaultTheMockProviderServesTheStep() {
        context.run(ctx -> {
            assertThat(ctx).hasNotFailed();
            assertThat(ctx.getBeansOfType(StepHandler.class)).hasSize(1);
            assertThat(ctx.getBean(StepHandler.class)).isInstanceOf(LlmStepHandler.class);
            assertThat(ctx.getBean(StepHandler.class).providerFor(null)).isEqualTo("mock");
        });
    }

    @Test
    void mockSettingsBindFromKebabCaseProperties() {
        context.withPropertyValues(
                        "gateway.llm.mock.token-delay=15ms",
                        "gateway.llm.mock.failure=rate-limited",
                        "gateway.llm.mock.failures-before-success=2",
                        "gateway.llm.mock.directives-enabled=false")
                .run(ctx -> assertThat(ctx.getBean(MockChatModelProperties.class))
                        .isEqualTo(new MockChatModelProperties(
                                Duration.ofMillis(15), MockFailure.RATE_LIMITED, 2, false, Duration.ofSeconds(1))));
    }

    @Test
    void anUnknownProviderStopsStartupNamingTheKnownOnes() {
        context.withPropertyValues("gateway.llm.provider=azure-openaii").run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(ctx.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("gateway.llm.provider 'azure-openaii'")
                    .hasMessageContaining("known: mock");
        });
    }
}
