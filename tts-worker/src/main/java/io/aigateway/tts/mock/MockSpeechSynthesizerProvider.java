package io.aigateway.tts.mock;

import io.aigateway.tts.synthesize.SpeechSynthesizer;
import io.aigateway.tts.synthesize.SpeechSynthesizerProvider;
import org.springframework.stereotype.Component;

/** Offers the {@link MockSpeechSynthesizer} as provider {@code mock}, the default of {@code gateway.tts.provider}. */
@Component
public class MockSpeechSynthesizerProvider implements SpeechSynthesizerProvider {

    public static final String NAME = "mock";

    private final MockSpeechSynthesizerProperties properties;

    public MockSpeechSynthesizerProvider(MockSpeechSynthesizerProperties properties) {
        this.properties = properties;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SpeechSynthesizer create() {
        return new MockSpeechSynthesizer(properties);
    }
}
