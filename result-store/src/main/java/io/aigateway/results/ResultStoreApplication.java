package io.aigateway.results;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;

/**
 * The result store on its own (port 8085, settings in {@code result-store.yml}): Kafka Streams folding {@code
 * gw.events} into job states, and the internal query API over them.
 */
@SpringBootApplication
@Import(ResultStoreModule.class)
public class ResultStoreApplication {

    public static void main(String[] args) {
        new SpringApplicationBuilder(ResultStoreApplication.class)
                .properties("spring.config.name=result-store")
                .run(args);
    }
}
