package io.aigateway.rag;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The rag worker on its own: consumes {@code gw.step.rag}, retrieves passages with the configured retriever and hands
 * the job on. Its settings live in {@code rag-worker.yml} (not {@code application.yml}, which would clash in
 * {@code all-in-one}).
 */
@SpringBootApplication
public class RagWorkerApplication {

    public static void main(String[] args) {
        new SpringApplicationBuilder(RagWorkerApplication.class)
                .properties("spring.config.name=rag-worker")
                .run(args);
    }
}
