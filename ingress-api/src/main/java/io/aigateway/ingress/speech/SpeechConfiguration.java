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
