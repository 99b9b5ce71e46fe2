package io.aigateway.pipeline.config;

import io.aigateway.pipeline.step.StepRuntime;
import io.aigateway.schemas.job.Step;
import java.util.List;
import java.util.Optional;
import org.springframework.context.SmartLifecycle;

/**
 * The step runtimes of this process, started after the context is ready and stopped before the producer closes, so
 * work in flight can still hand itself on.
 */
public class StepRuntimes implements SmartLifecycle {

    private final List<StepRuntime> runtimes;
    private volatile boolean running;

    public StepRuntimes(List<StepRuntime> runtimes) {
        this.runtimes = List.copyOf(runtimes);
    }

    public List<StepRuntime> all() {
        return runtimes;
    }

    public Optional<StepRuntime> forStep(Step step) {
        return runtimes.stream().filter(r -> r.step() == step).findFirst();
    }

    @Override
    public void start() {
        runtimes.forEach(StepRuntime::start);
        running = true;
    }

    @Override
    public void stop() {
        runtimes.parallelStream().forEach(StepRuntime::stop);
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
