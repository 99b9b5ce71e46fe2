package io.aigateway.ingress.results;

import io.aigateway.ingress.IngressModule;
import io.aigateway.schemas.state.JobQueries;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The ingress's {@link JobQueries} when no other is present: the result store's internal HTTP API. In all-in-one the
 * result store module provides its in-process implementation instead. An auto-configuration (listed in this module's
 * {@code AutoConfiguration.imports}) because bean conditions are reliable only once all regular configuration, the
 * result store's included, has been read.
 */
@AutoConfiguration
@ConditionalOnBean(IngressModule.class)
@EnableConfigurationProperties(ResultProperties.class)
public class IngressQueriesAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(JobQueries.class)
    HttpJobQueries ingressHttpJobQueries(ResultProperties properties) {
        return new HttpJobQueries(properties.resultStoreUrl(), properties.resultStoreTimeout());
    }
}
