package io.aigateway.pipeline.ops;

import io.aigateway.pipeline.config.KafkaSettings;
import io.aigateway.pipeline.config.PipelineAutoConfiguration;
import io.aigateway.pipeline.config.StepRuntimes;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * What operators get from every web service: {@code /health}, {@code /ready} (with the checks pipeline-core knows) and
 * {@code /metrics}, and latency histograms on HTTP requests so that Prometheus can compute any percentile over any
 * number of instances.
 */
@AutoConfiguration(after = PipelineAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({DispatcherServlet.class, PrometheusMeterRegistry.class})
public class OperationsAutoConfiguration {

    @Bean
    MeterFilter gatewayHttpHistograms() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (id.getName().equals("http.server.requests")) {
                    return DistributionStatisticConfig.builder()
                            .percentilesHistogram(true)
                            .build()
                            .merge(config);
                }
                return config;
            }
        };
    }

    @Bean(destroyMethod = "close")
    KafkaReadiness kafkaReadiness(KafkaSettings kafka, Clock clock) {
        return new KafkaReadiness(kafka, clock);
    }

    @Bean
    StepRuntimesReadiness stepRuntimesReadiness(StepRuntimes runtimes) {
        return new StepRuntimesReadiness(runtimes);
    }

    @Bean
    ProbesController probesController(
            List<ReadinessCheck> checks,
            ApplicationAvailability availability,
            ObjectProvider<PrometheusMeterRegistry> prometheus) {
        return new ProbesController(checks, availability, prometheus);
    }
}
