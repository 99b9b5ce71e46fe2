package io.aigateway.pipeline.config;

import io.aigateway.pipeline.blob.BlobStore;
import io.aigateway.pipeline.blob.FileSystemBlobStore;
import io.aigateway.pipeline.blob.MeteredBlobStore;
import io.aigateway.pipeline.control.GatewayConfigView;
import io.aigateway.pipeline.control.ProviderCatalog;
import io.aigateway.pipeline.control.ProviderHealth;
import io.aigateway.pipeline.control.RegistryAnnouncer;
import io.aigateway.pipeline.events.JobEvents;
import io.aigateway.pipeline.kafka.GatewayProducer;
import io.aigateway.pipeline.kafka.TopicProvisioner;
import io.aigateway.pipeline.step.StepHandler;
import io.aigateway.pipeline.step.StepRuntime;
import io.aigateway.pipeline.tracing.GatewayTracing;
import io.aigateway.pipeline.tracing.TracingProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Clock;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * What every gateway process gets from pipeline-core: the Kafka settings, the topics created at start, the one shared
 * producer, the blob store, and a {@link StepRuntime} for every {@link StepHandler} bean in the context (so a worker
 * module only declares its handler, and {@code all-in-one} runs all four by assembling the modules).
 */
@AutoConfiguration
@EnableConfigurationProperties({KafkaSettings.class, PipelineProperties.class, TracingProperties.class})
public class PipelineAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    @ConditionalOnMissingBean
    JobEvents jobEvents(Clock clock) {
        return new JobEvents(clock);
    }

    @Bean
    @ConditionalOnMissingBean
    TopicProvisioner topicProvisioner(KafkaSettings kafka) {
        TopicProvisioner provisioner = new TopicProvisioner(kafka);
        if (kafka.createTopics()) {
            provisioner.ensureTopics();
        }
        return provisioner;
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    GatewayProducer gatewayProducer(KafkaSettings kafka, TopicProvisioner topicsReady) {
        return new GatewayProducer(new KafkaProducer<>(kafka.producerConfig()));
    }

    @Bean
    @ConditionalOnMissingBean
    BlobStore blobStore(PipelineProperties pipeline, ObjectProvider<MeterRegistry> meters) {
        return new MeteredBlobStore(
                new FileSystemBlobStore(pipeline.blobRoot()), meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    /** Spans of jobs' work: exported over OTLP when {@code gateway.tracing.otlp-endpoint} is set, or to exporter beans. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    GatewayTracing gatewayTracing(
            TracingProperties tracing, ObjectProvider<SpanExporter> exporters, Environment environment) {
        return GatewayTracing.create(
                environment.getProperty("spring.application.name", "gateway"),
                tracing,
                exporters.orderedStream().toList());
    }

    @Bean
    @ConditionalOnMissingBean
    ProviderHealth providerHealth(Clock clock) {
        return new ProviderHealth(clock);
    }

    /** What this process's workers offer, told to every ingress on gw.config (nothing when it has no providers). */
    @Bean
    RegistryAnnouncer registryAnnouncer(
            ObjectProvider<ProviderCatalog> catalogs,
            ProviderHealth health,
            GatewayProducer producer,
            Clock clock,
            Environment environment) {
        return new RegistryAnnouncer(
                environment.getProperty("spring.application.name", "gateway"),
                catalogs.orderedStream().toList(),
                health,
                producer,
                clock);
    }

    /** The run-time configuration admins change ({@code gw.config}), read by every service. */
    @Bean
    @ConditionalOnMissingBean
    GatewayConfigView gatewayConfigView(
            KafkaSettings kafka, GatewayProducer producer, Environment environment, TopicProvisioner topicsReady) {
        return new GatewayConfigView(kafka, producer, environment.getProperty("spring.application.name", "gateway"));
    }

    @Bean
    StepRuntimes stepRuntimes(
            List<StepHandler> handlers,
            KafkaSettings kafka,
            PipelineProperties pipeline,
            GatewayProducer producer,
            JobEvents events,
            ObjectProvider<MeterRegistry> meters,
            GatewayTracing tracing,
            ProviderHealth health,
            TopicProvisioner topicsReady) {
        MeterRegistry registry = meters.getIfAvailable(SimpleMeterRegistry::new);
        List<StepRuntime> runtimes = handlers.stream()
                .filter(h -> pipeline.step(h.step()).enabled())
                .map(h ->
                        new StepRuntime(h, pipeline.step(h.step()), kafka, producer, events, registry, tracing, health))
                .toList();
        return new StepRuntimes(runtimes);
    }
}
