package io.aigateway.stt;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The stt worker on its own: consumes {@code gw.step.stt}, transcribes the audio with the configured speech-to-text
 * provider and hands the job on.
 * Its settings live in {@code stt-worker.yml} (not {@code application.yml}, which would clash in {@code all-in-one}).
 */
@SpringBootApplication
public class SttWorkerApplication {

    public static void main(String[] args) {
        new SpringApplicationBuilder(SttWorkerApplication.class)
                .properties("spring.config.name=stt-worker")
                .run(args);
    }
}
