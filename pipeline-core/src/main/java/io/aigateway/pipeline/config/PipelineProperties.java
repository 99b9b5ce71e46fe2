package io.aigateway.pipeline.config;

import io.aigateway.schemas.job.Step;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the step runtimes and the blob store ({@code gateway.pipeline.*}).
 *
 * @param steps per-step settings, keyed by step id ({@code stt}, {@code rag}, {@code llm}, {@code tts})
 * @param blobRoot the folder of the filesystem blob store
 */
@ConfigurationProperties("gateway.pipeline")
public record PipelineProperties(
        Map<Step, StepSettings> steps,
        @DefaultValue("./data/blobs") Path blobRoot) {

    public PipelineProperties {
        steps = steps == null || steps.isEmpty() ? Map.of() : new EnumMap<>(steps);
    }

    public StepSettings step(Step step) {
        return steps.getOrDefault(step, StepSettings.defaults());
    }
}
