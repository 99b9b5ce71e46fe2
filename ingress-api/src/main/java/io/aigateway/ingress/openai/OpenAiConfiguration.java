package io.aigateway.ingress.openai;

import io.aigateway.pipeline.routing.LlmRoutingProperties;
import io.aigateway.pipeline.routing.RouteCatalog;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The routes the OpenAI-compatible API offers (the same {@code gateway.llm.routes} the llm worker serves). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LlmRoutingProperties.class)
public class OpenAiConfiguration {

    @Bean
    RouteCatalog openAiRouteCatalog(LlmRoutingProperties routing) {
        return new RouteCatalog(routing.toTable());
    }
}
