package io.aigateway.llm.routing;

import io.aigateway.llm.chat.ChatRequest;
import io.aigateway.llm.chat.TokenListener;
import io.aigateway.pipeline.failure.ErrorCodes;
import io.aigateway.pipeline.failure.StepException;
import io.aigateway.pipeline.routing.ModelRoute;
import io.aigateway.pipeline.routing.RouteCatalog;
import io.aigateway.schemas.config.RegistryEntry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a chat request along its route: the route's provider instances in order, each called up to
 * {@code attempts-per-provider} times while its failures are retryable (429, 5xx, timeouts, resets), waiting with
 * exponential backoff that honours {@code Retry-After} and never past the job's deadline; then the next instance, as
 * long as no token has gone out. An instance whose breaker is open is skipped. A failure after the first token ends the
 * answer with {@code stream_interrupted}: a retry or a fallback would show the client a second, different answer.
 *
 * <p>This is the only layer that retries provider failures of the llm step; the step runtime runs the step once.
 */
public final class ChatRouter {

    /** Waits between two calls; a test passes one that records instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private static final Logger log = LoggerFactory.getLogger(ChatRouter.class);

    private final RouteCatalog routes;
    private final Map<String, ProviderInstance> instances;
    private final String defaultInstance;
    private final ResilienceProperties settings;
    private final Clock clock;
    private final Sleeper sleeper;
    private final MeterRegistry meters;

    public ChatRouter(
            RouteCatalog routes,
            Map<String, ProviderInstance> instances,
            String defaultInstance,
            ResilienceProperties settings,
            Clock clock,
            Sleeper sleeper,
            MeterRegistry meters) {
        this.routes = routes;
        this.instances = Map.copyOf(instances);
        this.defaultInstance = defaultInstance;
        this.settings = settings;
        this.clock = clock;
        this.sleeper = sleeper;
        this.meters = meters;
        if (!this.instances.containsKey(defaultInstance)) {
            throw new IllegalStateException(
                    "gateway.llm.provider '" + defaultInstance + "' is not a provider instance; known: "
                            + String.join(", ", new java.util.TreeSet<>(this.instances.keySet())));
        }
        for (ModelRoute route : routes.current().routes()) {
            for (String name : route.providers()) {
                if (!this.instances.containsKey(name)) {
                    throw new IllegalStateException("gateway.llm.routes: model '" + route.model() + "' names provider '"
                            + name + "', which is not under gateway.llm.providers; known: "
                            + String.join(", ", new java.util.TreeSet<>(this.instances.keySet())));
                }
            }
        }
        this.instances
                .values()
                .forEach(instance -> Gauge.builder(
                                "gateway.llm.breaker.open",
                                instance.breaker(),
                                b -> b.state() == CircuitBreaker.State.CLOSED ? 0 : 1)
                        .description("1 while the circuit breaker of an LLM provider instance is open or half-open")
                        .tag("provider", instance.name())
                        .register(meters));
    }

    /** The route of this tenant and model; {@code model_not_found} (not retryable) when there is none. */
    public ModelRoute route(String tenant, String model) {
        return routes.current()
                .find(tenant, model)
                .orElseThrow(() -> StepException.permanent(
                        "model_not_found",
                        "no route offers model '" + model + "'"
                                + (tenant == null ? "" : " to tenant '" + tenant + "'")));
    }

    /**
     * For the registry: every provider instance with the models the current routes serve through it, failing while
     * its circuit breaker is open.
     */
    public List<RegistryEntry.Provider> registry() {
        return instances.values().stream()
                .sorted(java.util.Comparator.comparing(ProviderInstance::name))
                .map(instance -> {
                    List<String> models = routes.current().routes().stream()
                            .filter(route -> chain(route).contains(instance.name()))
                            .map(ModelRoute::model)
                            .distinct()
                            .sorted()
                            .toList();
                    boolean open = instance.breaker().state() != CircuitBreaker.State.CLOSED;
                    return new RegistryEntry.Provider(
                            "llm",
                            instance.name(),
                            open ? RegistryEntry.Provider.FAILING : RegistryEntry.Provider.READY,
                            open
                                    ? "circuit breaker "
                                            + instance.breaker().state().name().toLowerCase(java.util.Locale.ROOT)
                                    : instance.type(),
                            models,
                            List.of(),
                            List.of());
                })
                .toList();
    }

    /**
     * The route of a job marked {@code mockProviders} (a load test's replay): the same model, prompt and retrieval,
     * served by this worker's instance of type {@code mock} so that no provider is billed.
     */
    public ModelRoute onMock(ModelRoute route) {
        String mock = instances.values().stream()
                .filter(instance -> ProviderInstances.MOCK_TYPE.equalsIgnoreCase(instance.type()))
                .map(instance -> instance.name().toLowerCase(java.util.Locale.ROOT))
                .sorted()
                .findFirst()
                .orElseThrow(() -> StepException.permanent(
                        ErrorCodes.PROVIDER_UNAVAILABLE,
                        "the job asks for mock providers and this worker has no mock chat model instance"));
        return new ModelRoute(route.tenant(), route.model(), List.of(mock), route.systemPrompt(), route.retrieval());
    }

    /** The instances of a route, in order. */
    public List<String> chain(ModelRoute route) {
        return route.providers().isEmpty() ? List.of(defaultInstance) : route.providers();
    }

    public Routed chat(ModelRoute route, Instant deadline, ChatRequest request, TokenListener tokens) {
        StepException last = null;
        List<String> tried = new ArrayList<>();
        for (String name : chain(route)) {
            ProviderInstance instance = instances.get(name);
            if (instance == null) {
                // a route swapped in at run time may name an instance this worker does not have
                last = StepException.retryable(
                        ErrorCodes.PROVIDER_UNAVAILABLE, "provider instance '" + name + "' is not configured here");
                continue;
            }
            tried.add(name);
            for (int attempt = 1; attempt <= settings.attemptsPerProvider(); attempt++) {
                if (!instance.breaker().tryAcquire()) {
                    count(name, "breaker_open");
                    last = StepException.retryable(
                            ErrorCodes.PROVIDER_UNAVAILABLE, "the circuit breaker of '" + name + "' is open");
                    break;
                }
                Emitted emitted = new Emitted(tokens);
                try {
                    var response = instance.model().chat(request, emitted);
                    instance.breaker().onSuccess();
                    count(name, "success");
                    return new Routed(name, response);
                } catch (StepException e) {
                    count(name, e.code());
                    if (e.retryable() || ErrorCodes.PROVIDER_AUTH.equals(e.code())) {
                        instance.breaker().onFailure();
                    } else {
                        instance.breaker().onNeutral();
                    }
                    if (emitted.any) {
                        throw new StepException(
                                ErrorCodes.STREAM_INTERRUPTED,
                                "the answer from '" + name + "' broke off after it had started: " + e.getMessage(),
                                true,
                                null,
                                e);
                    }
                    last = e;
                    if (ErrorCodes.PROVIDER_AUTH.equals(e.code())) {
                        break; // this instance's credentials: another instance may have good ones
                    }
                    if (!e.retryable()) {
                        throw e; // the request itself: every instance would refuse it the same way
                    }
                    if (attempt == settings.attemptsPerProvider()) {
                        break;
                    }
                    Duration wait = backoff(attempt, e.retryAfter().orElse(null));
                    if (wait == null || pastDeadline(deadline, wait)) {
                        log.info(
                                "provider {} failed ({}); not waiting {} for it, trying the next",
                                name,
                                e.code(),
                                e.retryAfter().orElse(null));
                        break;
                    }
                    log.info(
                            "provider {} attempt {} failed ({}); retrying in {} ms",
                            name,
                            attempt,
                            e.code(),
                            wait.toMillis());
                    sleep(wait);
                }
            }
            log.info(
                    "provider {} gave up on model {}; {}",
                    name,
                    route.model(),
                    name.equals(chain(route).get(chain(route).size() - 1)) ? "no more providers" : "falling back");
        }
        if (last == null) {
            last = StepException.retryable(ErrorCodes.PROVIDER_UNAVAILABLE, "no provider instance to try");
        }
        throw new StepException(
                last.code(),
                "model '" + route.model() + "' failed on "
                        + (tried.isEmpty() ? "no provider" : String.join(", ", tried)) + ": " + last.getMessage(),
                last.retryable(),
                last.retryAfter().orElse(null),
                last);
    }

    /** The wait before the next call of the same instance, or null when its {@code Retry-After} is too long. */
    Duration backoff(int attempt, Duration retryAfter) {
        if (retryAfter != null && retryAfter.compareTo(settings.maxRetryAfter()) > 0) {
            return null;
        }
        long base = settings.initialBackoff().toMillis() << Math.min(attempt - 1, 16);
        long jittered = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
        long capped = Math.min(jittered, settings.maxBackoff().toMillis());
        return Duration.ofMillis(retryAfter == null ? capped : Math.max(capped, retryAfter.toMillis()));
    }

    private boolean pastDeadline(Instant deadline, Duration wait) {
        return deadline != null && clock.instant().plus(wait).isAfter(deadline);
    }

    private void sleep(Duration wait) {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw StepException.retryable(ErrorCodes.PROVIDER_UNAVAILABLE, "interrupted while waiting to retry");
        }
    }

    private void count(String provider, String outcome) {
        meters.counter("gateway.llm.provider.calls", "provider", provider, "outcome", outcome)
                .increment();
    }

    /** Passes tokens on and remembers whether any went out. */
    private static final class Emitted implements TokenListener {
        private final TokenListener next;
        private volatile boolean any;

        Emitted(TokenListener next) {
            this.next = next;
        }

        @Override
        public void token(String text) {
            if (text != null && !text.isEmpty()) {
                any = true;
                next.token(text);
            }
        }
    }
}
