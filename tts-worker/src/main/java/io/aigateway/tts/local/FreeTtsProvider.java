package io.aigateway.tts.local;

import io.aigateway.tts.synthesize.SpeechSynthesizer;
import io.aigateway.tts.synthesize.SpeechSynthesizerProvider;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Offers the local voices as provider {@code freetts}: FreeTTS kevin16 in the JVM, plus flite and festival voices when
 * those programs are installed. Created only when selected, so an unused provider allocates no voices.
 */
@Component
public class FreeTtsProvider implements SpeechSynthesizerProvider, DisposableBean {

    public static final String NAME = "freetts";

    private final FreeTtsProperties properties;
    private final VoiceProgramProperties programs;
    private FreeTtsVoicePool pool;

    public FreeTtsProvider(FreeTtsProperties properties, VoiceProgramProperties programs) {
        this.properties = properties;
        this.programs = programs;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public synchronized SpeechSynthesizer create() {
        pool = new FreeTtsVoicePool(properties.poolSize());
        return new LocalSpeechSynthesizer(pool, VoicePrograms.discover(programs), properties);
    }

    @Override
    public synchronized void destroy() {
        if (pool != null) {
            pool.close();
        }
    }
}
