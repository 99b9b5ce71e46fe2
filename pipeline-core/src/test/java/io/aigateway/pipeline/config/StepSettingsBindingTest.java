package io.aigateway.pipeline.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.schemas.job.Step;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** What operators write under {@code gateway.pipeline.steps.<step>} reaches the step: every setting binds. */
class StepSettingsBindingTest {

    @Test
    void everyStepSettingBindsFromProperties() {
        Binder binder = new Binder(new MapConfigurationPropertySource(Map.of(
                "gateway.pipeline.steps.stt.concurrency", "2",
                "gateway.pipeline.steps.stt.batch-concurrency", "1",
                "gateway.pipeline.steps.llm.max-attempts", "1",
                "gateway.pipeline.steps.llm.delta-window", "0ms")));

        PipelineProperties pipeline =
                binder.bind("gateway.pipeline", PipelineProperties.class).get();

        assertThat(pipeline.step(Step.STT).concurrency()).isEqualTo(2);
        assertThat(pipeline.step(Step.STT).effectiveBatchConcurrency()).isEqualTo(1);
        assertThat(pipeline.step(Step.LLM).maxAttempts()).isEqualTo(1);
        assertThat(pipeline.step(Step.LLM).deltaWindow()).isEqualTo(Duration.ZERO);
        assertThat(pipeline.step(Step.LLM).concurrency()).isEqualTo(16); // the default where nothing is said
    }
}
