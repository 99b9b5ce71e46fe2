package io.aigateway.llm.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aigateway.llm.chat.ChatModel;
import io.aigateway.llm.chat.ChatRequest;
import io.aigateway.llm.chat.ChatResponse;
import io.aigateway.pipeline.failure.ErrorCodes;
import io.aigateway.pipeline.failure.StepException;
import io.aigateway.pipeline.routing.ModelRoute;
import io.aigateway.pipeline.routing.RouteCatalog;
import io.aigateway.pipeline.routing.RouteTable;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The router with scripted models: retries, Retry-After, deadline, fallback, breakers, streams cut short. */
class ChatRouterTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private final MutableClock clock = new MutableClock(NOW);
    private final List<Duration> waits = new ArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ChatRequest request = new ChatRequest("m", "sys", List.of(), "q", List.of(), 50, null);
    private final ModelRoute route = new ModelRoute("*", "m", List.of("a", "b"), null, false);

    @Test
    void aRateLimitIsRetriedOnTheSameProviderAfterItsRetryAfter() {
        Scripted a = new Scripted(
                () -> {
                    throw new StepException(ErrorCodes.PROVIDER_RATE_LIMITED, "429", true, Duration.ofSeconds(3), null);
                },
                Scripted.answer("fine"));
        ChatRouter router = router(Map.of("a", a, "b", new Scripted()));

        Routed routed = router.chat(route, NOW.plusSeconds(60), request, t -> {});

        assertThat(routed.provider()).isEqualTo("a");
        assertThat(routed.response().text()).isEqualTo("fine");
        assertThat(waits).containsExactly(Duration.ofSeconds(3));
    }

    @Test
    void repeatedFailuresFallBackToTheNextProviderAndAWaitPastTheDeadlineIsNotTaken() {
        Scripted a = new Scripted(
                Scripted.failing(ErrorCodes.PROVIDER_UNAVAILABLE), Scripted.failing(ErrorCodes.PROVIDER_UNAVAILABLE));
        Scripted b = new Scripted(Scripted.answer("from b"));
        ChatRouter router = router(Map.of("a", a, "b", b));

        assertThat(router.chat(route, NOW.plusSeconds(60), request, t -> {}).provider())
                .isEqualTo("b");
        assertThat(a.calls).isEqualTo(2);
        assertThat(waits).hasSize(1);

        Scripted c = new Scripted(() -> {
            throw new StepException(ErrorCodes.PROVIDER_RATE_LIMITED, "429", true, Duration.ofSeconds(5), null);
        });
        Scripted d = new Scripted(Scripted.answer("from d"));
        waits.clear();
        ChatRouter tight = router(Map.of("a", c, "b", d));
        assertThat(tight.chat(route, NOW.plusSeconds(2), request, t -> {}).provider())
                .isEqualTo("b");
        assertThat(c.calls).isEqualTo(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void aRejectedRequestIsNeitherRetriedNorSentToAnotherProvider() {
        Scripted a = new Scripted(Scripted.failing(ErrorCodes.PROVIDER_REJECTED, false));
        Scripted b = new Scripted(Scripted.answer("never"));
        ChatRouter router = router(Map.of("a", a, "b", b));

        assertThatThrownBy(() -> router.chat(route, NOW.plusSeconds(60), request, t -> {}))
                .isInstanceOfSatisfying(StepException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCodes.PROVIDER_REJECTED);
                    assertThat(e.retryable()).isFalse();
                });
        assertThat(a.calls).isEqualTo(1);
        assertThat(b.calls).isZero();
    }

    @Test
    void aFailureAfterTheFirstTokenEndsTheAnswerAsInterruptedWithoutFallback() {
        Scripted a = new Scripted(() -> null) {
            @Override
            public ChatResponse chat(ChatRequest r, io.aigateway.llm.chat.TokenListener tokens) {
                calls++;
                tokens.token("Half ");
                throw StepException.retryable(ErrorCodes.PROVIDER_UNAVAILABLE, "reset");
            }
        };
        Scripted b = new Scripted(Scripted.answer("never"));
        List<String> out = new ArrayList<>();

        assertThatThrownBy(() -> router(Map.of("a", a, "b", b)).chat(route, NOW.plusSeconds(60), request, out::add))
                .isInstanceOfSatisfying(StepException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCodes.STREAM_INTERRUPTED);
                    assertThat(e.getMessage()).contains("'a'");
                });
        assertThat(out).containsExactly("Half ");
        assertThat(a.calls).isEqualTo(1);
        assertThat(b.calls).isZero();
    }

    @Test
    void theBreakerOpensAfterConsecutiveFailuresSkipsTheProviderAndLetsOneTrialThroughLater() {
        Scripted a = new Scripted();
        a.fallback = Scripted.failing(ErrorCodes.PROVIDER_UNAVAILABLE);
        Scripted b = new Scripted();
        b.fallback = Scripted.answer("b");
        ChatRouter router = router(Map.of("a", a, "b", b)); // breaker: 3 failures, open 30 s

        router.chat(route, NOW.plusSeconds(60), request, t -> {}); // a: 2 failures
        router.chat(route, NOW.plusSeconds(60), request, t -> {}); // a: 3rd failure opens it
        assertThat(a.calls).isEqualTo(3);
        assertThat(meters.get("gateway.llm.breaker.open")
                        .tag("provider", "a")
                        .gauge()
                        .value())
                .isEqualTo(1);

        assertThat(router.registry())
                .extracting(p -> p.name() + ":" + p.status() + ":" + p.models())
                .containsExactly("a:failing:[" + route.model() + "]", "b:ready:[" + route.model() + "]");

        router.chat(route, NOW.plusSeconds(60), request, t -> {});
        assertThat(a.calls).isEqualTo(3); // skipped while open
        // refused twice: the second attempt of the call that opened it, and this call
        assertThat(meters.get("gateway.llm.provider.calls")
                        .tags("provider", "a", "outcome", "breaker_open")
                        .counter()
                        .count())
                .isEqualTo(2);

        clock.advance(Duration.ofSeconds(31));
        a.fallback = Scripted.answer("a again");
        assertThat(router.chat(route, NOW.plusSeconds(120), request, t -> {}).provider())
                .isEqualTo("a");
        assertThat(meters.get("gateway.llm.breaker.open")
                        .tag("provider", "a")
                        .gauge()
                        .value())
                .isZero();
    }

    @Test
    void whenEveryProviderFailsTheJobFailsWithTheLastCodeNamingWhatWasTried() {
        Scripted a = new Scripted();
        a.fallback = Scripted.failing(ErrorCodes.PROVIDER_TIMEOUT);
        Scripted b = new Scripted();
        b.fallback = Scripted.failing(ErrorCodes.PROVIDER_UNAVAILABLE);

        assertThatThrownBy(() -> router(Map.of("a", a, "b", b)).chat(route, NOW.plusSeconds(60), request, t -> {}))
                .isInstanceOfSatisfying(StepException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCodes.PROVIDER_UNAVAILABLE);
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains("failed on a, b");
                });
        assertThat(a.calls + b.calls).isEqualTo(4);
    }

    @Test
    void backoffGrowsAndNeverWaitsLessThanRetryAfterNorForARetryAfterOverTheLimit() {
        ChatRouter router = router(Map.of("a", new Scripted(), "b", new Scripted()));
        assertThat(router.backoff(1, null)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
        assertThat(router.backoff(3, null)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
        assertThat(router.backoff(1, Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(2));
        assertThat(router.backoff(1, Duration.ofSeconds(11))).isNull();
    }

    private ChatRouter router(Map<String, ChatModel> models) {
        Map<String, ProviderInstance> instances = new LinkedHashMap<>();
        models.forEach((name, model) -> instances.put(
                name,
                new ProviderInstance(name, "scripted", model, new CircuitBreaker(3, Duration.ofSeconds(30), clock))));
        return new ChatRouter(
                new RouteCatalog(new RouteTable("m", List.of(route))),
                instances,
                "a",
                new ResilienceProperties(
                        2,
                        Duration.ofMillis(100),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(10),
                        3,
                        Duration.ofSeconds(30)),
                clock,
                d -> {
                    waits.add(d);
                    clock.advance(d);
                },
                meters);
    }

    /** Answers or fails as scripted, one step per call, then as {@code fallback}. */
    static class Scripted implements ChatModel {
        final Deque<Supplier<ChatResponse>> steps = new ArrayDeque<>();
        Supplier<ChatResponse> fallback = failing(ErrorCodes.PROVIDER_UNAVAILABLE);
        int calls;

        @SafeVarargs
        Scripted(Supplier<ChatResponse>... steps) {
            this.steps.addAll(List.of(steps));
        }

        static Supplier<ChatResponse> answer(String text) {
            return () -> new ChatResponse(text, "m", 1, 1, ChatResponse.STOP);
        }

        static Supplier<ChatResponse> failing(String code) {
            return failing(code, true);
        }

        static Supplier<ChatResponse> failing(String code, boolean retryable) {
            return () -> {
                throw new StepException(code, code, retryable);
            };
        }

        @Override
        public ChatResponse chat(ChatRequest r, io.aigateway.llm.chat.TokenListener tokens) {
            calls++;
            ChatResponse response = (steps.isEmpty() ? fallback : steps.poll()).get();
            tokens.token(response.text());
            return response;
        }
    }

    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
