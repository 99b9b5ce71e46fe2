package io.aigateway.ingress;

import io.aigateway.ingress.auth.AdminKeyBootstrap;
import io.aigateway.ingress.auth.ApiKeyFilter;
import io.aigateway.ingress.auth.ApiKeyRegistry;
import io.aigateway.ingress.auth.AuthProperties;
import io.aigateway.ingress.auth.KeyTenantResolver;
import io.aigateway.ingress.correlation.CorrelationFilter;
import io.aigateway.ingress.events.EventFeed;
import io.aigateway.ingress.events.JobEventStreams;
import io.aigateway.ingress.events.SseProperties;
import io.aigateway.ingress.jobs.BodyLimitFilter;
import io.aigateway.ingress.jobs.JobPublisher;
import io.aigateway.ingress.jobs.JobSubmissions;
import io.aigateway.ingress.jobs.JobValidator;
import io.aigateway.ingress.jobs.SubmissionProperties;
import io.aigateway.ingress.limits.Admission;
import io.aigateway.ingress.limits.LimitProperties;
import io.aigateway.ingress.limits.TenantPolicies;
import io.aigateway.ingress.limits.TenantUsage;
import io.aigateway.ingress.logging.ContentLog;
import io.aigateway.ingress.registry.RegistryView;
import io.aigateway.ingress.results.JobLookup;
import io.aigateway.ingress.results.RecentlyAccepted;
import io.aigateway.ingress.results.ResultProperties;
import io.aigateway.ingress.tenancy.SingleTenantResolver;
import io.aigateway.ingress.tenancy.TenancyProperties;
import io.aigateway.ingress.tenancy.TenantResolver;
import io.aigateway.pipeline.config.KafkaSettings;
import io.aigateway.pipeline.control.GatewayConfigView;
import io.aigateway.pipeline.events.JobEvents;
import io.aigateway.pipeline.kafka.GatewayProducer;
import io.aigateway.pipeline.tracing.GatewayTracing;
import io.aigateway.schemas.state.JobQueries;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfigurationExcludeFilter;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.core.Ordered;

/**
 * The ingress as a module: job submission, job state, Server-Sent Events, problem details, correlation and tenancy.
 * Imported by {@link IngressApplication} and by {@code all-in-one}. Controllers and the problem handler come by
 * component scan; everything else is declared here, with names prefixed {@code ingress} so they never collide with
 * another module's beans. The producer, clock, job-event factory and Kafka settings come from pipeline-core; the {@link
 * JobQueries} from the result store when it runs in the same JVM, else over HTTP ({@code
 * IngressQueriesAutoConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
@ComponentScan(
        excludeFilters = {
            @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootApplication.class),
            @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class),
            @ComponentScan.Filter(type = FilterType.CUSTOM, classes = AutoConfigurationExcludeFilter.class)
        })
@EnableConfigurationProperties({
    SubmissionProperties.class,
    ResultProperties.class,
    SseProperties.class,
    TenancyProperties.class,
    AuthProperties.class,
    LimitProperties.class
})
public class IngressModule {

    /** The tenant of the request's API key; with {@code gateway.ingress.auth.mode: none}, the one configured tenant. */
    @Bean
    TenantResolver ingressTenantResolver(TenancyProperties tenancy, AuthProperties auth) {
        return auth.mode() == AuthProperties.Mode.NONE
                ? new SingleTenantResolver(tenancy.tenant())
                : new KeyTenantResolver();
    }

    @Bean
    @ConditionalOnProperty(name = "gateway.ingress.auth.mode", havingValue = "api-keys", matchIfMissing = true)
    ApiKeyRegistry ingressApiKeys(GatewayConfigView config, Clock clock, AuthProperties auth) {
        return new ApiKeyRegistry(config, clock, auth.startupWait());
    }

    @Bean
    @ConditionalOnProperty(name = "gateway.ingress.auth.mode", havingValue = "api-keys", matchIfMissing = true)
    AdminKeyBootstrap ingressAdminKeyBootstrap(ApiKeyRegistry keys, AuthProperties auth, Clock clock) {
        return new AdminKeyBootstrap(keys, auth, clock);
    }

    /** After correlation (so a refusal carries the correlation id), before anything reads the body. */
    @Bean
    @ConditionalOnProperty(name = "gateway.ingress.auth.mode", havingValue = "api-keys", matchIfMissing = true)
    FilterRegistrationBean<ApiKeyFilter> ingressApiKeyFilter(ApiKeyRegistry keys) {
        FilterRegistrationBean<ApiKeyFilter> registration = new FilterRegistrationBean<>(new ApiKeyFilter(keys));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 15);
        registration.addUrlPatterns("/v1/*");
        return registration;
    }

    @Bean
    RecentlyAccepted ingressRecentlyAccepted(ResultProperties results, Clock clock) {
        return new RecentlyAccepted(clock, results.recentTtl(), results.recentMaxJobs());
    }

    @Bean
    JobLookup ingressJobLookup(JobQueries queries, RecentlyAccepted recentlyAccepted, EventFeed feed) {
        return new JobLookup(queries, recentlyAccepted, feed::recent);
    }

    @Bean
    JobValidator ingressJobValidator(SubmissionProperties submission) {
        return new JobValidator(submission);
    }

    @Bean(destroyMethod = "close")
    JobPublisher ingressJobPublisher(
            GatewayProducer producer, JobEvents events, SubmissionProperties submission, MeterRegistry meters) {
        return new JobPublisher(producer, events, submission, meters);
    }

    @Bean
    JobSubmissions ingressJobSubmissions(
            JobPublisher publisher,
            RecentlyAccepted recentlyAccepted,
            SubmissionProperties submission,
            Clock clock,
            MeterRegistry meters,
            GatewayTracing tracing,
            Admission admission,
            ContentLog content) {
        return new JobSubmissions(publisher, recentlyAccepted, submission, clock, meters, tracing, admission, content);
    }

    /** Questions, transcripts and answers in the log only when an operator turns this debug switch on. */
    @Bean
    ContentLog ingressContentLog(
            @Value("${gateway.ingress.debug.log-content:false}") boolean logContent, EventFeed feed) {
        ContentLog content = new ContentLog(logContent);
        if (content.enabled()) {
            feed.watch(content::onEvent);
        }
        return content;
    }

    /** Every tenant's use, counted from gw.events, so that limits hold across ingress instances. */
    @Bean
    TenantUsage ingressTenantUsage(Clock clock, EventFeed feed) {
        TenantUsage usage = new TenantUsage(clock);
        feed.watch(usage::onEvent);
        return usage;
    }

    /** The providers every running instance announces on gw.config, for GET /v1/registry. */
    @Bean
    RegistryView ingressRegistryView(GatewayConfigView config, Clock clock) {
        return new RegistryView(config, clock);
    }

    /** Limits and PII redaction per tenant: from configuration, replaced by an admin's change on gw.config. */
    @Bean
    TenantPolicies ingressTenantPolicies(
            LimitProperties limits,
            GatewayConfigView config,
            @Value("${gateway.ingress.redact-pii:false}") boolean pii) {
        TenantPolicies policies = new TenantPolicies(limits, pii);
        config.onChange(policies::apply);
        return policies;
    }

    @Bean
    Admission ingressAdmission(TenantUsage usage, TenantPolicies policies) {
        return new Admission(usage, policies);
    }

    @Bean
    EventFeed ingressEventFeed(KafkaSettings kafka, SseProperties sse, Clock clock, LimitProperties limits) {
        return new EventFeed(kafka, sse, clock, limits.usageReadBack());
    }

    @Bean(destroyMethod = "close")
    JobEventStreams ingressJobEventStreams(
            EventFeed feed, JobLookup jobs, SseProperties sse, Clock clock, MeterRegistry meters) {
        return new JobEventStreams(feed, jobs, sse, clock, meters);
    }

    /** First of all filters, so that every answer, refusals by later filters included, carries the correlation id. */
    @Bean
    FilterRegistrationBean<CorrelationFilter> ingressCorrelationFilter() {
        FilterRegistrationBean<CorrelationFilter> registration = new FilterRegistrationBean<>(new CorrelationFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        registration.addUrlPatterns("/*");
        return registration;
    }

    @Bean
    FilterRegistrationBean<BodyLimitFilter> ingressBodyLimitFilter(SubmissionProperties submission) {
        FilterRegistrationBean<BodyLimitFilter> registration = new FilterRegistrationBean<>(
                new BodyLimitFilter(submission.maxBodyBytes().toBytes()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        registration.addUrlPatterns("/v1/*");
        return registration;
    }
}
