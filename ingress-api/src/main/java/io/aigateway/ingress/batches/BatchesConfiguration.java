package io.aigateway.ingress.batches;

import io.aigateway.ingress.limits.TenantPolicies;
import io.aigateway.ingress.results.ResultProperties;
import io.aigateway.ingress.speech.SpeechProperties;
import io.aigateway.ingress.speech.SpeechUploads;
import io.aigateway.pipeline.config.KafkaSettings;
import io.aigateway.pipeline.events.JobEvents;
import io.aigateway.pipeline.kafka.GatewayProducer;
import io.aigateway.schemas.state.BatchQueries;
import io.aigateway.schemas.topic.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * The batch endpoints' beans and the two consumers that make batches run: the dispatcher on {@code gw.batches} (one
 * owner per batch) and the feed reader on {@code gw.ingest}. Found by the ingress module's component scan; names
 * prefixed {@code ingress}. The batch queries are the result store's own in the same JVM, else its HTTP API.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BatchProperties.class)
public class BatchesConfiguration {

    /** Refuses to start without a signing key shared by every instance (or one explicitly allowed to be random). */
    @Bean
    WebhookSigner ingressWebhookSigner(BatchProperties batches) {
        return WebhookSigner.of(batches.webhook());
    }

    @Bean
    BatchLookup ingressBatchLookup(ObjectProvider<BatchQueries> inProcess, ResultProperties results, Clock clock) {
        BatchQueries queries = inProcess.getIfAvailable(
                () -> new HttpBatchQueries(results.resultStoreUrl(), results.resultStoreTimeout()));
        return new BatchLookup(queries, clock, Duration.ofMinutes(2));
    }

    @Bean(destroyMethod = "shutdownNow")
    ExecutorService ingressBatchDownloads(BatchProperties batches) {
        AtomicInteger n = new AtomicInteger();
        return Executors.newFixedThreadPool(Math.max(1, batches.fetch().concurrency()), r -> {
            Thread t = new Thread(r, "batch-download-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Bean
    BatchIntake ingressBatchIntake(
            SpeechUploads uploads,
            GatewayProducer producer,
            BatchLookup lookup,
            BatchProperties batches,
            ExecutorService ingressBatchDownloads,
            Clock clock) {
        UrlPolicy audio =
                new UrlPolicy(batches.fetch().allowedHosts(), batches.fetch().allowedNetworks());
        return new BatchIntake(
                uploads,
                new AudioFetcher(audio, batches.fetch()),
                producer,
                lookup,
                batches,
                ingressBatchDownloads,
                clock,
                webhookPolicy(batches));
    }

    @Bean(destroyMethod = "close")
    BatchEventStreams ingressBatchEventStreams(BatchLookup lookup, BatchProperties batches, Clock clock) {
        return new BatchEventStreams(lookup, clock, batches.progressInterval(), batches.heartbeat());
    }

    @Bean(destroyMethod = "close")
    WebhookSender ingressWebhookSender(BatchProperties batches, Clock clock) {
        return new WebhookSender(webhookPolicy(batches), batches.webhook(), clock);
    }

    /**
     * Where webhooks may go, checked when a batch names its URL and again before every attempt: the webhook settings'
     * own hosts and networks, never the recordings' (a network opened for an on-premises audio store stays closed to a
     * URL a client chose).
     */
    static UrlPolicy webhookPolicy(BatchProperties batches) {
        return new UrlPolicy(batches.webhook().allowedHosts(), batches.webhook().allowedNetworks());
    }

    /** The owner of each batch: publishes its jobs, delivers its webhook. */
    @Bean
    @ConditionalOnProperty(name = "gateway.ingress.batches.enabled", havingValue = "true", matchIfMissing = true)
    TopicWorker ingressBatchDispatcher(
            KafkaSettings kafka,
            GatewayProducer producer,
            JobEvents events,
            BatchLookup lookup,
            ObjectProvider<BatchQueries> inProcess,
            ResultProperties results,
            WebhookSender webhooks,
            WebhookSigner signer,
            BatchProperties batches,
            Clock clock) {
        BatchQueries queries = inProcess.getIfAvailable(
                () -> new HttpBatchQueries(results.resultStoreUrl(), results.resultStoreTimeout()));
        BatchDispatcher dispatcher = new BatchDispatcher(
                new BatchJobs(producer, events, clock, batches.itemDeadline()),
                queries,
                webhooks,
                signer,
                producer,
                clock);
        return new TopicWorker(
                "batch-dispatcher", Topics.BATCHES.name(), BatchDispatcher.GROUP, kafka, dispatcher::handle);
    }

    /** Feeds publishing straight to gw.ingest. */
    @Bean
    @ConditionalOnProperty(name = "gateway.ingress.batches.enabled", havingValue = "true", matchIfMissing = true)
    TopicWorker ingressIngestFeed(
            KafkaSettings kafka,
            GatewayProducer producer,
            BatchIntake intake,
            TenantPolicies policies,
            ObjectProvider<BatchQueries> inProcess,
            ResultProperties results,
            BatchProperties batches) {
        BatchQueries queries = inProcess.getIfAvailable(
                () -> new HttpBatchQueries(results.resultStoreUrl(), results.resultStoreTimeout()));
        ExecutorService work = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "ingest-feed");
            t.setDaemon(true);
            return t;
        });
        IngestFeed feed = new IngestFeed(batches, intake, policies, queries, producer, work);
        return new TopicWorker("ingest-feed", Topics.INGEST.name(), IngestFeed.GROUP, kafka, feed::handle);
    }

    /**
     * Tomcat takes at most 10 parts per multipart body by default (Spring Boot's {@code server.tomcat.max-part-count});
     * a batch upload has a part per recording. Ordered last, so this connector setting is applied after the
     * property's.
     */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> ingressBatchPartCount(BatchProperties batches) {
        int parts = batches.maxItems() + 16;
        return factory -> factory.addConnectorCustomizers(connector -> {
            if (connector.getMaxPartCount() >= 0 && connector.getMaxPartCount() < parts) {
                connector.setMaxPartCount(parts);
            }
        });
    }

    /** Before the body limit (order + 20): a batch upload carries many recordings. */
    @Bean
    FilterRegistrationBean<BatchBodyLimit> ingressBatchBodyLimit(SpeechProperties speech) {
        FilterRegistrationBean<BatchBodyLimit> registration = new FilterRegistrationBean<>(
                new BatchBodyLimit(speech.maxAudioBytes().toBytes() + 64 * 1024));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 19);
        registration.addUrlPatterns("/v1/batches");
        return registration;
    }
}
