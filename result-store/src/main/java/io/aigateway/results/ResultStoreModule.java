package io.aigateway.results;

import io.aigateway.pipeline.config.KafkaSettings;
import io.aigateway.pipeline.kafka.TopicProvisioner;
import io.aigateway.results.query.JobQueryService;
import io.aigateway.results.query.RemoteJobQueries;
import io.aigateway.results.streams.ResultStoreHealthIndicator;
import io.aigateway.results.streams.ResultStoreMetrics;
import io.aigateway.results.streams.ResultStoreStreams;
import io.aigateway.results.topology.ResultStoreTopology;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.core.env.Environment;

/**
 * The result store as a module: its Streams instance (started and stopped with the context), the {@code JobQueries}
 * it answers, its readiness and its metrics, and (by component scan) the internal HTTP API. Imported by {@link
 * ResultStoreApplication} and by {@code all-in-one}.
 */
@Configuration(proxyBeanMethods = false)
@ComponentScan(
        excludeFilters = @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootApplication.class))
@EnableConfigurationProperties(ResultStoreProperties.class)
public class ResultStoreModule {

    /** {@code topicsReady}: gw.events must exist before Streams starts, or it stops with a missing source topic. */
    @Bean
    ResultStoreStreams resultStoreStreams(
            KafkaSettings kafka,
            ResultStoreProperties properties,
            Environment environment,
            ObjectProvider<MeterRegistry> meters,
            TopicProvisioner topicsReady) {
        MeterRegistry registry = meters.getIfAvailable(SimpleMeterRegistry::new);
        ResultStoreMetrics metrics = new ResultStoreMetrics(registry);
        ResultStoreTopology topology =
                new ResultStoreTopology(properties.retention(), properties.expiryInterval(), metrics);
        URI advertised = properties.advertisedUrlOr(environment.getProperty("server.port", Integer.class, 8080));
        ResultStoreStreams streams =
                new ResultStoreStreams(topology.topology(), kafka, properties, advertised, meters.getIfAvailable());
        metrics.bindTo(streams);
        return streams;
    }

    @Bean
    JobQueryService resultStoreJobQueries(ResultStoreStreams streams) {
        return new JobQueryService(streams, RemoteJobQueries.withDefaults(streams.advertisedUrl()));
    }

    /** Named so that the health contributor is {@code resultStore}. */
    @Bean
    ResultStoreHealthIndicator resultStoreHealthIndicator(ResultStoreStreams streams) {
        return new ResultStoreHealthIndicator(streams);
    }
}
