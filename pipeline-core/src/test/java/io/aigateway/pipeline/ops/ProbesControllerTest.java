package io.aigateway.pipeline.ops;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.availability.ApplicationAvailabilityBean;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.support.StaticApplicationContext;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

class ProbesControllerTest {

    private final AtomicBoolean brokerUp = new AtomicBoolean(true);
    private final ApplicationAvailabilityBean availability = new ApplicationAvailabilityBean();
    private final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final MockMvc mvc;
    private final ProbesController withAFailingCheck;

    ProbesControllerTest() {
        ReadinessCheck broker = new ReadinessCheck() {
            @Override
            public String name() {
                return "kafka";
            }

            @Override
            public Status check() {
                return brokerUp.get() ? Status.ready("1 broker(s)") : Status.notReady("does not answer");
            }
        };
        ReadinessCheck broken = new ReadinessCheck() {
            @Override
            public String name() {
                return "flaky";
            }

            @Override
            public Status check() {
                throw new IllegalStateException("boom");
            }
        };
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        beans.registerSingleton("prometheus", prometheus);
        mvc = MockMvcBuilders.standaloneSetup(new ProbesController(
                        List.of(broker), availability, beans.getBeanProvider(PrometheusMeterRegistry.class)))
                .build();
        publish(ReadinessState.ACCEPTING_TRAFFIC);
        this.withAFailingCheck = new ProbesController(
                List.of(broker, broken), availability, beans.getBeanProvider(PrometheusMeterRegistry.class));
    }

    @Test
    void healthAnswersWithoutAskingAnything() throws Exception {
        brokerUp.set(false);
        mvc.perform(get("/health"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP"));
    }

    @Test
    void readyFollowsTheChecksAndTheApplicationState() throws Exception {
        mvc.perform(get("/ready"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("READY"))
                .andExpect(jsonPath("$.checks.kafka.detail").value("1 broker(s)"));

        brokerUp.set(false);
        mvc.perform(get("/ready"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.status").value("NOT_READY"))
                .andExpect(jsonPath("$.checks.kafka.ready").value(false));

        brokerUp.set(true);
        publish(ReadinessState.REFUSING_TRAFFIC);
        mvc.perform(get("/ready"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.checks.application.detail").value("REFUSING_TRAFFIC"));
    }

    @Test
    void aCheckThatThrowsCountsAsNotReady() {
        var answer = withAFailingCheck.ready();
        org.assertj.core.api.Assertions.assertThat(answer.getStatusCode().value())
                .isEqualTo(503);
        org.assertj.core.api.Assertions.assertThat(answer.getBody()).containsEntry("status", "NOT_READY");
    }

    @Test
    void metricsIsThePrometheusExposition() throws Exception {
        prometheus.counter("gateway.jobs.accepted", "route", "llm").increment();
        mvc.perform(get("/metrics"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("text/plain"))
                .andExpect(content()
                        .string(org.hamcrest.Matchers.containsString(
                                "gateway_jobs_accepted_total{route=\"llm\"} 1.0")));
    }

    private void publish(ReadinessState state) {
        StaticApplicationContext context = new StaticApplicationContext();
        availability.onApplicationEvent(new AvailabilityChangeEvent<>(context, state));
    }
}
