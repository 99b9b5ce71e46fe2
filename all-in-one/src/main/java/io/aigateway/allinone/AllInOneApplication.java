package io.aigateway.allinone;

import io.aigateway.ingress.IngressModule;
import io.aigateway.llm.LlmWorkerModule;
import io.aigateway.rag.RagWorkerModule;
import io.aigateway.results.ResultStoreModule;
import io.aigateway.stt.SttWorkerModule;
import io.aigateway.tts.TtsWorkerModule;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/**
 * The local default: Kafka's own KRaft broker in this JVM (data under {@code ./data}), the ingress and the web client
 * on http://localhost:8080, the result store, and a worker for every step, each module assembled as it would run on
 * its own.
 */
@SpringBootApplication
@EnableConfigurationProperties(LocalBrokerProperties.class)
@Import({
    IngressModule.class,
    ResultStoreModule.class,
    SttWorkerModule.class,
    RagWorkerModule.class,
    LlmWorkerModule.class,
    TtsWorkerModule.class
})
public class AllInOneApplication {

    public static void main(String[] args) {
        application().run(args);
    }

    /** The application with the local broker wired in; tests use it too. */
    public static SpringApplication application() {
        SpringApplication app = new SpringApplication(AllInOneApplication.class);
        app.addListeners(new LocalBrokerStarter());
        return app;
    }
}
