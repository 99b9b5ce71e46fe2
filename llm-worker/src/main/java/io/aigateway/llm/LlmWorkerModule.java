package io.aigateway.llm;

import io.aigateway.llm.chat.ChatModelProvider;
import io.aigateway.llm.chat.ChatModelSelection;
import io.aigateway.llm.chat.LlmProperties;
import io.aigateway.llm.chat.LlmStepHandler;
import io.aigateway.llm.mock.MockChatModelProperties;
import java.util.List;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;

/**
 * The llm step as a module: its settings, the chat model chosen by {@code gateway.llm.provider} among the provider
 * beans in the context, and the step handler that pipeline-core runs. {@code all-in-one} imports this class; the
 * standalone {@link LlmWorkerApplication} finds it by scanning.
 */
@Configuration(proxyBeanMethods = false)
@ComponentScan(
        excludeFilters = @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootApplication.class))
@EnableConfigurationProperties({LlmProperties.class, MockChatModelProperties.class})
public class LlmWorkerModule {

    @Bean
    ChatModelSelection llmChatModelSelection(LlmProperties properties, List<ChatModelProvider> providers) {
        return ChatModelSelection.select(properties.provider(), providers);
    }

    @Bean
    LlmStepHandler llmStepHandler(ChatModelSelection llmChatModelSelection, LlmProperties properties) {
        return new LlmStepHandler(llmChatModelSelection, properties);
    }
}
