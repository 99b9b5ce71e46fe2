package io.aigateway.llm.mock;

import io.aigateway.llm.chat.ChatModel;
import io.aigateway.llm.chat.ChatModelProvider;
import org.springframework.stereotype.Component;

/** Offers the {@link MockChatModel} as provider {@code mock}, the default of {@code gateway.llm.provider}. */
@Component
public class MockChatModelProvider implements ChatModelProvider {

    public static final String NAME = "mock";

    private final MockChatModelProperties properties;

    public MockChatModelProvider(MockChatModelProperties properties) {
        this.properties = properties;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ChatModel create() {
        return new MockChatModel(properties);
    }
}
