package io.aigateway.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.llm.chat.LlmProperties;
import io.aigateway.llm.chat.LlmStepHandler;
import io.aigateway.llm.mock.MockChatModelProperties;
import io.aigateway.llm.mock.MockFailure;
import io.aigateway.pipeline.routing.ModelRoute;
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
            assertThat(ctx.getBean(StepHandler.class)
                            .providerFor(io.aigateway.llm.chat.LlmStepHandlerTest.envelope(
                                    io.aigateway.schemas.job.JobInput.ofText("q"),
                                    io.aigateway.schemas.job.JobOptions.defaults(),
                                    io.aigateway.schemas.job.JobContext.empty())))
                    .isEqualTo("mock");
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
    void providerInstancesAndRoutesBindAndARouteNamingAnUnknownInstanceStopsStartup() {
        context.withPropertyValues(
                        "gateway.llm.providers.azure-east.type=azure-openai",
                        "gateway.llm.providers.azure-east.endpoint=https://east.example.openai.azure.com",
                        "gateway.llm.providers.azure-east.api-key=k",
                        "gateway.llm.providers.azure-east.deployments.gpt-4o-mini=gpt4o-mini-dep",
                        "gateway.llm.providers.azure-east.timeout=3s",
                        "gateway.llm.providers.local.type=openai-compatible",
                        "gateway.llm.providers.local.endpoint=http://localhost:11434/v1",
                        "gateway.llm.routes[0].model=gpt-4o-mini",
                        "gateway.llm.routes[0].providers=azure-east,local",
                        "gateway.llm.prices.gpt-4o-mini.prompt=0.00015",
                        "gateway.llm.prices.gpt-4o-mini.completion=0.0006")
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    LlmProperties props = ctx.getBean(LlmProperties.class);
                    assertThat(props.providers().get("azure-east").deploymentFor("gpt-4o-mini"))
                            .isEqualTo("gpt4o-mini-dep");
                    assertThat(props.providers().get("azure-east").timeout()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(props.providers().get("local").streaming()).isTrue();
                    assertThat(props.prices().get("gpt-4o-mini").completion()).isEqualTo(0.0006);
                    assertThat(ctx.getBean(io.aigateway.llm.routing.ChatRouter.class)
                                    .chain(ctx.getBean(io.aigateway.llm.routing.ChatRouter.class)
                                            .route("t", "gpt-4o-mini")))
                            .containsExactly("azure-east", "local");
                    // a load test's job marked mockProviders keeps its model but runs on the mock instance
                    io.aigateway.llm.routing.ChatRouter router = ctx.getBean(io.aigateway.llm.routing.ChatRouter.class);
                    assertThat(router.chain(router.onMock(router.route("t", "gpt-4o-mini"))))
                            .containsExactly("mock");
                });
        context.withPropertyValues("gateway.llm.routes[0].model=m", "gateway.llm.routes[0].providers=nowhere")
                .run(ctx -> {
                    assertThat(ctx).hasFailed();
                    assertThat(ctx.getStartupFailure()).rootCause().hasMessageContaining("names provider 'nowhere'");
                });
    }

    @Test
    void aWorkerConfiguredWithoutAMockStillHasOneForJobsMarkedMockProviders() {
        context.withPropertyValues(
                        "gateway.llm.provider=azure-east",
                        "gateway.llm.providers.azure-east.type=azure-openai",
                        "gateway.llm.providers.azure-east.endpoint=https://east.example.openai.azure.com",
                        "gateway.llm.providers.azure-east.api-key=k",
                        "gateway.llm.routes[0].model=gpt-4o-mini",
                        "gateway.llm.routes[0].providers=azure-east")
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    io.aigateway.llm.routing.ChatRouter router = ctx.getBean(io.aigateway.llm.routing.ChatRouter.class);
                    ModelRoute route = router.route("t", "gpt-4o-mini");
                    assertThat(router.chain(route)).containsExactly("azure-east");
                    assertThat(router.chain(router.onMock(route))).containsExactly("mock");
                    assertThat(router.registry())
                            .extracting(p -> p.name() + ":" + p.models())
                            .containsExactly("azure-east:[gpt-4o-mini]", "mock:[]");
                });
    }

    @Test
    void anUnknownProviderStopsStartupNamingTheKnownOnes() {
        context.withPropertyValues("gateway.llm.provider=azure-openaii").run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(ctx.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("'azure-openaii' is not a known chat model provider")
                    .hasMessageContaining("known: azure-openai, mock, openai-compatible");
        });
    }
}
