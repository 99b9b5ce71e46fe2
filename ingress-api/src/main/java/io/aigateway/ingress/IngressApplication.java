package io.aigateway.ingress;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;

/**
 * The ingress on its own (port 8080, settings in {@code ingress-api.yml}): the public HTTP API that accepts jobs,
 * publishes them to Kafka, and serves their state (from the result store over HTTP) and their events.
 */
@SpringBootApplication
@Import(IngressModule.class)
public class IngressApplication {

    public static void main(String[] args) {
        new SpringApplicationBuilder(IngressApplication.class)
                .properties("spring.config.name=ingress-api")
                .run(args);
    }
}
