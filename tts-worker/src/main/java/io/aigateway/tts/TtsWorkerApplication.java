package io.aigateway.tts;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The tts worker on its own: consumes {@code gw.step.tts}, speaks the answer with the configured synthesizer, stores
 * the audio in the blob store and hands the job on.
 * Its settings live in {@code tts-worker.yml} (not {@code application.yml}, which would clash in {@code all-in-one}).
 */
@SpringBootApplication
public class TtsWorkerApplication {

    public static void main(String[] args) {
        new SpringApplicationBuilder(TtsWorkerApplication.class)
                .properties("spring.config.name=tts-worker")
                .run(args);
    }
}
