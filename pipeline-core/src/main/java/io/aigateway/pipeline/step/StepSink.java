package io.aigateway.pipeline.step;

/** Where a handler streams partial output (LLM tokens, partial transcripts). Each call becomes one {@code delta} event. */
@FunctionalInterface
public interface StepSink {

    StepSink NONE = text -> {};

    void delta(String text);
}
