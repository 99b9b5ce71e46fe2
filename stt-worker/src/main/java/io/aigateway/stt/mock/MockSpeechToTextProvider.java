package io.aigateway.stt.mock;

import io.aigateway.stt.transcribe.SpeechToText;
import io.aigateway.stt.transcribe.SpeechToTextProvider;
import org.springframework.stereotype.Component;

/** Offers the {@link MockSpeechToText} as provider {@code mock}, the default of {@code gateway.stt.provider}. */
@Component
public class MockSpeechToTextProvider implements SpeechToTextProvider {

    public static final String NAME = "mock";

    private final MockSpeechToTextProperties properties;

    public MockSpeechToTextProvider(MockSpeechToTextProperties properties) {
        this.properties = properties;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SpeechToText create() {
        return new MockSpeechToText(properties);
    }
}
