package io.aigateway.stt.vosk;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the Vosk engine ({@code gateway.stt.vosk.*}).
 *
 * @param modelPath an unpacked Vosk model to load as it is (for example a larger model downloaded by hand); when unset,
 *     the English model shipped in this module's jar is extracted to {@code model-dir} and loaded from there
 * @param modelDir where the shipped model is extracted, once (a marker file records which model is there)
 * @param maxConcurrentRecognizers how many recognitions run at once; each takes about a core while it runs, so more
 *     than the cores only adds memory
 * @param recognizerWait how long a job waits for a free recognizer before failing as retryable; long, because the
 *     step runs more jobs at once ({@code gateway.pipeline.steps.stt.concurrency}) than there are recognizers, and a
 *     job queued behind long recordings should wait its turn rather than spend a retry
 * @param languages the primary language subtags the model understands; a job in another language is refused
 */
@ConfigurationProperties("gateway.stt.vosk")
public record VoskProperties(
        Path modelPath,
        @DefaultValue("./data/models") Path modelDir,
        @DefaultValue("2") int maxConcurrentRecognizers,
        @DefaultValue("10m") Duration recognizerWait,
        @DefaultValue("en") List<String> languages) {

    public VoskProperties {
        modelDir = modelDir == null ? Path.of("./data/models") : modelDir;
        recognizerWait = recognizerWait == null ? Duration.ofMinutes(10) : recognizerWait;
        languages = languages == null || languages.isEmpty() ? List.of("en") : List.copyOf(languages);
        if (maxConcurrentRecognizers < 1) {
            throw new IllegalArgumentException("gateway.stt.vosk.max-concurrent-recognizers must be at least 1");
        }
        if (recognizerWait.isNegative()) {
            throw new IllegalArgumentException("gateway.stt.vosk.recognizer-wait must not be negative");
        }
    }

    public static VoskProperties defaults() {
        return new VoskProperties(null, Path.of("./data/models"), 2, Duration.ofMinutes(10), List.of("en"));
    }
}
