package io.aigateway.ingress.documents;

import io.aigateway.pipeline.config.KafkaSettings;
import io.aigateway.pipeline.kafka.GatewayProducer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The knowledge-base API's beans, found by the ingress module's component scan; names prefixed {@code ingress}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DocumentProperties.class)
public class DocumentsConfiguration {

    @Bean
    DocumentCatalog ingressDocumentCatalog(KafkaSettings kafka) {
        return new DocumentCatalog(kafka);
    }

    @Bean(destroyMethod = "close")
    DocumentPublisher ingressDocumentPublisher(GatewayProducer producer, DocumentProperties documents) {
        return new DocumentPublisher(producer, documents);
    }
}
