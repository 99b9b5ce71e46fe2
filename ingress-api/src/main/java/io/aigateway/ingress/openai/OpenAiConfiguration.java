package io.aigateway.ingress.openai;

import io.aigateway.pipeline.control.GatewayConfigView;
import io.aigateway.pipeline.routing.LlmRoutingProperties;
import io.aigateway.pipeline.routing.RouteCatalog;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The routes the OpenAI-compatible API offers: the same {@code gateway.llm.routes} the llm worker serves, then the
 * run-time configuration's.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LlmRoutingProperties.class)
public class OpenAiConfiguration {

    /**
     * The configured routes, replaced by the run-time configuration's ({@code PUT /v1/admin/config}) as it changes. One
     * per process: where the llm worker runs in the same JVM (all-in-one) and declared its catalog first, that one
     * serves both (the two would hold the same table and follow the same configuration).
     */
    @Bean
    @ConditionalOnMissingBean(RouteCatalog.class)
    RouteCatalog openAiRouteCatalog(LlmRoutingProperties routing, ObjectProvider<GatewayConfigView> config) {
        RouteCatalog catalog = new RouteCatalog(routing.toTable());
        config.ifAvailable(catalog::follow);
        return catalog;
    }
}
