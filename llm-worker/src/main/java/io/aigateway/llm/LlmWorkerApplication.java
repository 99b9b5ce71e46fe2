package io.aigateway.llm;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The llm worker on its own: consumes {@code gw.step.llm}, answers with the configured chat model and hands the job on.
 * Its settings live in {@code llm-worker.yml} (not {@code application.yml}, which would clash in {@code all-in-one}).
 */
@SpringBootApplication
public class LlmWorkerApplication {

    public static void main(String[] args) {
        new SpringApplicationBuilder(LlmWorkerApplication.class)
                .properties("spring.config.name=llm-worker")
                .run(args);
    }
}
