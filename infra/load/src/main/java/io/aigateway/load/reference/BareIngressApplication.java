package io.aigateway.load.reference;

import io.aigateway.pipeline.config.KafkaSettings;
import io.aigateway.pipeline.config.PipelineAutoConfiguration;
import io.aigateway.pipeline.ops.OperationsAutoConfiguration;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The benchmark suite's reference for accepting jobs: the least a Spring endpoint can do to accept a job, on the same
 * stack as the ingress (Spring Boot, Spring MVC on Tomcat, the gateway's own producer settings: {@code acks=all},
 * idempotent, no linger). {@code POST /v1/chat} takes the body as it is, publishes it as one record and answers
 * {@code 202} once the broker acknowledged it, asynchronously, as the ingress does. No validation, no tenant, no
 * envelope, no {@code accepted} event: what the ingress costs beyond this is what it does for a job.
 *
 * <pre>
 * java -cp ... io.aigateway.load.reference.BareIngressApplication --server.port=18280 --reference.bootstrap=localhost:9092
 * </pre>
 */
// pipeline-core is on the classpath for its Kafka settings only: none of the gateway's beans may start here
@SpringBootApplication(
        proxyBeanMethods = false,
        exclude = {PipelineAutoConfiguration.class, OperationsAutoConfiguration.class})
@EnableConfigurationProperties(BareIngressApplication.Settings.class)
public class BareIngressApplication {

    /**
     * @param bootstrap the broker
     * @param topic where accepted bodies go (created at start, never read)
     * @param partitions partitions of that topic, as many as the gateway's step topics
     */
    @ConfigurationProperties("reference")
    public record Settings(
            @DefaultValue("localhost:9092") String bootstrap,
            @DefaultValue("bench.reference") String topic,
            @DefaultValue("6") int partitions) {}

    public static void main(String[] args) {
        SpringApplication.run(BareIngressApplication.class, args);
    }

    @Bean(destroyMethod = "close")
    Producer<byte[], byte[]> referenceProducer(Settings settings) throws Exception {
        KafkaSettings kafka = KafkaSettings.local(settings.bootstrap());
        try (Admin admin = Admin.create(kafka.adminConfig())) {
            admin.createTopics(List.of(new NewTopic(settings.topic(), settings.partitions(), (short) 1)))
                    .all()
                    .get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        return new KafkaProducer<>(kafka.producerConfig());
    }

    @RestController
    static class BareEndpoint {
        private final Producer<byte[], byte[]> producer;
        private final String topic;

        BareEndpoint(Producer<byte[], byte[]> producer, Settings settings) {
            this.producer = producer;
            this.topic = settings.topic();
        }

        @PostMapping(path = "/v1/chat", consumes = MediaType.ALL_VALUE)
        CompletableFuture<ResponseEntity<String>> accept(@RequestBody byte[] body) {
            String id = "job_" + UUID.randomUUID().toString().replace("-", "");
            CompletableFuture<ResponseEntity<String>> answer = new CompletableFuture<>();
            producer.send(
                    new ProducerRecord<>(topic, id.getBytes(StandardCharsets.UTF_8), body),
                    (metadata, error) -> answer.complete(
                            error == null
                                    ? ResponseEntity.accepted()
                                            .contentType(MediaType.APPLICATION_JSON)
                                            .body("{\"jobId\":\"" + id + "\",\"status\":\"queued\"}")
                                    : ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                                            .build()));
            return answer;
        }
    }
}
