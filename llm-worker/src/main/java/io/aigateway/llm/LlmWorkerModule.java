package io.aigateway.llm;

import io.aigateway.llm.chat.ChatModelProvider;
import io.aigateway.llm.chat.LlmProperties;
import io.aigateway.llm.chat.LlmStepHandler;
import io.aigateway.llm.mock.MockChatModelProperties;
import io.aigateway.llm.routing.ChatRouter;
import io.aigateway.llm.routing.ProviderInstance;
import io.aigateway.llm.routing.ProviderInstances;
import io.aigateway.llm.routing.ResilienceProperties;
import io.aigateway.llm.usage.UsageMeter;
import io.aigateway.pipeline.control.GatewayConfigView;
import io.aigateway.pipeline.control.ProviderCatalog;
import io.aigateway.pipeline.routing.LlmRoutingProperties;
import io.aigateway.pipeline.routing.RouteCatalog;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;

/**
 * The llm step as a module: its settings, the provider instances ({@code gateway.llm.providers}, built by the provider
 * type beans in the context), the routes, the router with its retries, fallback and breakers, the usage meter, and the
 * step handler that pipeline-core runs. {@code all-in-one} imports this class; the standalone
 * {@link LlmWorkerApplication} finds it by scanning.
 */
@Configuration(proxyBeanMethods = false)
@ComponentScan(
        excludeFilters = @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootApplication.class))
@EnableConfigurationProperties({
    LlmProperties.class,
    MockChatModelProperties.class,
    ResilienceProperties.class,
    LlmRoutingProperties.class
})
public class LlmWorkerModule {

    /**
     * The configured routes, replaced by the run-time configuration's ({@code gw.config}) when a service has it. One per
     * process: where the ingress runs in the same JVM (all-in-one) and declared its catalog first, that one serves both.
     */
    @Bean
    @ConditionalOnMissingBean(RouteCatalog.class)
    RouteCatalog llmRouteCatalog(LlmRoutingProperties routing, ObjectProvider<GatewayConfigView> config) {
        RouteCatalog catalog = new RouteCatalog(routing.toTable());
        config.ifAvailable(catalog::follow);
        return catalog;
    }

    @Bean
    ChatRouter llmChatRouter(
            LlmProperties properties,
            List<ChatModelProvider> providers,
            ResilienceProperties resilience,
            RouteCatalog llmRouteCatalog,
            ObjectProvider<MeterRegistry> meters) {
        Clock clock = Clock.systemUTC();
        Map<String, ProviderInstance> instances = ProviderInstances.create(properties, providers, resilience, clock);
        return new ChatRouter(
                llmRouteCatalog,
                instances,
                properties.provider().trim().toLowerCase(java.util.Locale.ROOT),
                resilience,
                clock,
                d -> Thread.sleep(d.toMillis()),
                meters.getIfAvailable(io.micrometer.core.instrument.simple.SimpleMeterRegistry::new));
    }

    /** For the registry: the provider instances, the models the routes serve through each, their breakers. */
    @Bean
    ProviderCatalog llmProviderCatalog(ChatRouter llmChatRouter) {
        return llmChatRouter::registry;
    }

    @Bean
    UsageMeter llmUsageMeter(LlmProperties properties, ObjectProvider<MeterRegistry> meters) {
        return new UsageMeter(
                properties.prices(),
                properties.currency(),
                meters.getIfAvailable(io.micrometer.core.instrument.simple.SimpleMeterRegistry::new));
    }

    @Bean
    LlmStepHandler llmStepHandler(LlmProperties properties, ChatRouter llmChatRouter, UsageMeter llmUsageMeter) {
        return new LlmStepHandler(llmChatRouter, properties, llmUsageMeter);
    }
}
