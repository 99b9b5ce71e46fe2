package io.aigateway.ingress.speech;

import io.aigateway.audio.AudioNormalizer;
import io.aigateway.audio.Ffmpeg;
import io.aigateway.ingress.results.JobLookup;
import io.aigateway.pipeline.blob.BlobStore;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.MultipartConfigElement;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.multipart.MultipartResolver;
import org.springframework.web.multipart.support.StandardServletMultipartResolver;
import org.springframework.web.servlet.DispatcherServlet;

/** The speech endpoints' beans, found by the ingress module's component scan; names prefixed {@code ingress}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SpeechProperties.class)
public class SpeechConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SpeechConfiguration.class);

    @Bean
    AudioNormalizer ingressAudioNormalizer(SpeechProperties speech) {
        Optional<Ffmpeg> ffmpeg = speech.ffmpeg() ? Ffmpeg.onPath(speech.ffmpegTimeout()) : Optional.empty();
        log.info(
                "speech uploads: {}",
                ffmpeg.isPresent() ? "ffmpeg found, compressed formats accepted" : "WAV only (no ffmpeg)");
        return new AudioNormalizer(ffmpeg, speech.maxDuration());
    }

    @Bean
    SpeechUploads ingressSpeechUploads(
            AudioNormalizer normalizer, BlobStore blobs, SpeechProperties speech, MeterRegistry meters) {
        return new SpeechUploads(normalizer, blobs, speech, meters);
    }

    @Bean(destroyMethod = "close")
    JobWaiter ingressJobWaiter(JobLookup jobs, SpeechProperties speech) {
        return new JobWaiter(jobs, speech.syncPollInterval());
    }

    /**
     * The container's multipart limits, sized for audio uploads (Spring Boot's default of 1 MB per file would refuse
     * most recordings before the speech endpoints see them). Parts over 1 MB go to temporary files while read.
     */
    @Bean
    MultipartConfigElement ingressMultipartConfig(SpeechProperties speech) {
        long file = speech.maxAudioBytes().toBytes() + SpeechBodyLimit.ENVELOPE_BYTES;
        return new MultipartConfigElement("", file, file + SpeechBodyLimit.ENVELOPE_BYTES, 1024 * 1024);
    }

    /**
     * Multipart bodies parsed when a handler first reads them, not before the handler is chosen: a body the container
     * cannot read (no boundary, cut short, over the limit) then fails inside a handler, where the problem handler (and
     * on {@code /v1/audio/*} the OpenAI error writer) answers it, instead of an unhandled 500. The DispatcherServlet
     * finds the resolver by this bean name.
     */
    @Bean(name = DispatcherServlet.MULTIPART_RESOLVER_BEAN_NAME)
    MultipartResolver ingressMultipartResolver() {
        StandardServletMultipartResolver resolver = new StandardServletMultipartResolver();
        resolver.setResolveLazily(true);
        return resolver;
    }

    /** Before the body limit (order + 20), so that audio uploads get the speech limit instead of the JSON one. */
    @Bean
    FilterRegistrationBean<SpeechBodyLimit> ingressSpeechBodyLimit(SpeechProperties speech) {
        FilterRegistrationBean<SpeechBodyLimit> registration = new FilterRegistrationBean<>(
                new SpeechBodyLimit(speech.maxAudioBytes().toBytes()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 18);
        registration.addUrlPatterns("/v1/*");
        return registration;
    }
}
