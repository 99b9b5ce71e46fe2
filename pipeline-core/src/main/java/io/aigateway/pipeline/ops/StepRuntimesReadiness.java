package io.aigateway.pipeline.ops;

import io.aigateway.pipeline.config.StepRuntimes;
import java.util.stream.Collectors;

/** Ready while every step runtime of the process runs with a live poll thread. A process without steps is ready. */
public final class StepRuntimesReadiness implements ReadinessCheck {

    private final StepRuntimes runtimes;

    public StepRuntimesReadiness(StepRuntimes runtimes) {
        this.runtimes = runtimes;
    }

    @Override
    public String name() {
        return "steps";
    }

    @Override
    public Status check() {
        if (runtimes.all().isEmpty()) {
            return Status.ready("no steps in this process");
        }
        String down = runtimes.all().stream()
                .filter(runtime -> !runtime.isHealthy())
                .map(runtime -> runtime.step().id())
                .collect(Collectors.joining(", "));
        String all = runtimes.all().stream().map(r -> r.step().id()).collect(Collectors.joining(", "));
        return down.isEmpty() ? Status.ready("running: " + all) : Status.notReady("not running: " + down);
    }
}
