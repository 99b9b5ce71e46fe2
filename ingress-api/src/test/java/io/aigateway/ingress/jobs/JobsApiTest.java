package io.aigateway.ingress.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.aigateway.ingress.correlation.CorrelationFilter;
import io.aigateway.ingress.problems.IngressProblemHandler;
import io.aigateway.ingress.results.JobLookup;
import io.aigateway.ingress.results.JobStateController;
import io.aigateway.ingress.results.RecentlyAccepted;
import io.aigateway.ingress.tenancy.SingleTenantResolver;
import io.aigateway.pipeline.events.JobEvents;
import io.aigateway.pipeline.kafka.GatewayProducer;
import io.aigateway.schemas.event.JobAccepted;
import io.aigateway.schemas.event.JobEvent;
import io.aigateway.schemas.job.JobEnvelope;
import io.aigateway.schemas.job.Step;
import io.aigateway.schemas.state.JobQueries;
import io.aigateway.schemas.state.JobState;
import io.aigateway.schemas.topic.Headers;
import io.aigateway.schemas.topic.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.util.unit.DataSize;

/**
 * The HTTP surface of job submission on MockMvc, wired as the module wires it (filters, problem handler, controllers)
 * over Kafka's {@link MockProducer}: refused requests answer problem details with a stable code and publish nothing;
 * an accepted one is on the first step's topic and {@code gw.events}, and can be read at once.
 */
class JobsApiTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private MockProducer<byte[], byte[]> kafka;
    private JobPublisher publisher;

    private MockMvc mvc(boolean brokerAcknowledges, Duration publishTimeout) {
        kafka = new MockProducer<>(brokerAcknowledges, null, new ByteArraySerializer(), new ByteArraySerializer());
        SubmissionProperties limits = new SubmissionProperties(
                publishTimeout, 2, 10, Duration.ofMinutes(5), DataSize.ofKilobytes(256), 32_000, 50, 8, 8192, 50);
        publisher = new JobPublisher(new GatewayProducer(kafka), new JobEvents(), limits, meters);
        RecentlyAccepted recent = new RecentlyAccepted(Clock.systemUTC(), Duration.ofSeconds(60), 100);
        JobQueries storeKnowsNothing = new JobQueries() {
            @Override
            public Optional<JobState> job(String jobId) {
                return Optional.empty();
            }

            @Override
            public List<JobEvent> events(String jobId, long afterSeq) {
                return List.of();
            }
        };
        SingleTenantResolver tenants = new SingleTenantResolver("default");
        JobsController jobs = new JobsController(
                new JobValidator(limits),
                new JobSubmissions(publisher, recent, limits, Clock.systemUTC(), meters),
                tenants);
        JobStateController states = new JobStateController(new JobLookup(storeKnowsNothing, recent), tenants);
        return MockMvcBuilders.standaloneSetup(jobs, states)
                .setControllerAdvice(new IngressProblemHandler())
                .addFilters(
                        new CorrelationFilter(),
                        new BodyLimitFilter(limits.maxBodyBytes().toBytes()))
                .build();
    }

    private MockMvc mvc() {
        return mvc(true, Duration.ofSeconds(5));
    }

    @AfterEach
    void close() {
        publisher.close();
    }

    @Test
    void malformedJsonIsAProblemWithTheCorrelationId() throws Exception {
        MockMvc mvc = mvc();
        MvcResult result = refused(mvc, "/v1/jobs", "{\"route\": [\"llm\"", 400, "malformed_json")
                .andExpect(header().string("X-Correlation-Id", org.hamcrest.Matchers.startsWith("req_")))
                .andReturn();
        String correlationId = result.getResponse().getHeader("X-Correlation-Id");
        assertThat(result.getResponse().getContentAsString()).contains("\"correlationId\":\"" + correlationId + "\"");
    }

    @Test
    void aFieldOfTheWrongTypeIsAnInvalidRequestNamingTheField() throws Exception {
        refused(mvc(), "/v1/jobs", "{\"route\": 5, \"input\": {\"text\": \"q\"}}", 400, "invalid_request")
                .andExpect(jsonPath("$.errors[0].field").value("route"));
        refused(
                        mvc(),
                        "/v1/jobs",
                        "{\"route\": [\"llm\"], \"options\": {\"maxTokens\": \"many\"}}",
                        400,
                        "invalid_request")
                .andExpect(jsonPath("$.errors[0].field").value("options.maxTokens"));
    }

    @Test
    void routesAreChecked() throws Exception {
        MockMvc mvc = mvc();
        refused(mvc, "/v1/jobs", "{\"route\": [\"rag\", \"llx\"], \"input\": {\"text\": \"q\"}}", 400, "unknown_step")
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("route[1] is 'llx'")));
        refused(mvc, "/v1/jobs", "{\"route\": [], \"input\": {\"text\": \"q\"}}", 400, "empty_route");
        refused(
                mvc,
                "/v1/jobs",
                "{\"route\": [\"llm\",\"llm\",\"llm\",\"llm\",\"llm\",\"llm\",\"llm\",\"llm\",\"llm\"],"
                        + " \"input\": {\"text\": \"q\"}}",
                400,
                "route_too_long");
    }

    @Test
    void inputsAreChecked() throws Exception {
        MockMvc mvc = mvc();
        refused(mvc, "/v1/jobs", "{\"route\": [\"stt\", \"llm\"], \"input\": {\"text\": \"q\"}}", 400, "missing_input");
        refused(
                mvc,
                "/v1/jobs",
                "{\"route\": [\"stt\"], \"input\": {\"audio\": {\"uri\": \"file:x\"}}}",
                400,
                "audio_not_supported_here");
        refused(
                mvc,
                "/v1/jobs",
                "{\"route\": [\"llm\"], \"input\": {\"text\": \"" + "x".repeat(32_001) + "\"}}",
                400,
                "input_too_long");
        refused(mvc, "/v1/chat", "{\"message\": \"\"}", 400, "missing_input");
    }

    @Test
    void aBodyOverTheLimitIsRefusedBeforeItIsRead() throws Exception {
        String huge = "{\"route\": [\"llm\"], \"input\": {\"text\": \"" + "x".repeat(300 * 1024) + "\"}}";
        refused(mvc(), "/v1/jobs", huge, 413, "payload_too_large");
    }

    @Test
    void onlyJsonIsAccepted() throws Exception {
        MockMvc mvc = mvc();
        mvc.perform(post("/v1/chat").contentType(MediaType.TEXT_PLAIN).content("hello"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(header().string("Content-Type", "application/problem+json"))
                .andExpect(jsonPath("$.code").value("unsupported_media_type"));
        assertThat(kafka.history()).isEmpty();
    }

    @Test
    void anAcceptedChatIsOnTheFirstStepsTopicAndOnGwEventsAndCanBeReadAtOnce() throws Exception {
        MockMvc mvc = mvc();
        MvcResult started = mvc.perform(post("/v1/chat")
                        .contentType(MediaType.APPLICATION_JSON)
                        .header("X-Correlation-Id", "demo-1")
                        .content("{\"message\": \"How do I reset my password?\", \"options\": {\"maxTokens\": 200}}"))
                .andExpect(request().asyncStarted())
                .andExpect(header().string("X-Correlation-Id", "demo-1"))
                .andReturn();
        MvcResult done = mvc.perform(asyncDispatch(started))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.correlationId").value("demo-1"))
                .andExpect(jsonPath("$.status").value("queued"))
                .andExpect(jsonPath("$.route[0]").value("rag"))
                .andExpect(jsonPath("$.route[1]").value("llm"))
                .andReturn();
        String jobId = com.jayway.jsonpath.JsonPath.read(done.getResponse().getContentAsString(), "$.jobId");
        assertThat(jobId).matches("job_[a-z2-7]{32}");
        assertThat(done.getResponse().getHeader("Location")).isEqualTo("/v1/jobs/" + jobId);
        assertThat(done.getResponse().getContentAsString()).contains("\"events\":\"/v1/jobs/" + jobId + "/events\"");

        List<ProducerRecord<byte[], byte[]>> sent = kafka.history();
        assertThat(sent)
                .extracting(ProducerRecord::topic)
                .containsExactlyInAnyOrder(Topics.step(Step.RAG).name(), Topics.EVENTS.name());
        ProducerRecord<byte[], byte[]> envelopeRecord = sent.stream()
                .filter(r -> r.topic().equals("gw.step.rag"))
                .findFirst()
                .orElseThrow();
        JobEnvelope envelope = Topics.ENVELOPE.deserialize("gw.step.rag", envelopeRecord.value());
        assertThat(envelope.jobId()).isEqualTo(jobId);
        assertThat(envelope.correlationId()).isEqualTo("demo-1");
        assertThat(envelope.options().maxTokens()).isEqualTo(200);
        assertThat(new String(envelopeRecord.key(), StandardCharsets.UTF_8)).isEqualTo("demo-1");
        assertThat(new String(
                        envelopeRecord.headers().lastHeader(Headers.JOB_ID).value(), StandardCharsets.UTF_8))
                .isEqualTo(jobId);
        ProducerRecord<byte[], byte[]> eventRecord = sent.stream()
                .filter(r -> r.topic().equals("gw.events"))
                .findFirst()
                .orElseThrow();
        assertThat(Topics.EVENT.deserialize("gw.events", eventRecord.value()))
                .isInstanceOfSatisfying(
                        JobAccepted.class, a -> assertThat(a.seq()).isZero());
        assertThat(meters.get("gateway.jobs.accepted")
                        .tag("route", "rag>llm")
                        .counter()
                        .count())
                .isEqualTo(1);

        mvc.perform(get("/v1/jobs/" + jobId))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("queued"))
                .andExpect(jsonPath("$.correlationId").value("demo-1"));
    }

    @Test
    void withoutAClientCorrelationIdTheJobIdIsTheCorrelationId() throws Exception {
        MockMvc mvc = mvc();
        MvcResult started = mvc.perform(post("/v1/jobs")
                        .contentType(MediaType.APPLICATION_JSON)
                        .header("X-Correlation-Id", "not a valid id!")
                        .content("{\"route\": [\"llm\", \"tts\"], \"input\": {\"text\": \"Say hi\"}}"))
                .andExpect(request().asyncStarted())
                .andReturn();
        MvcResult done = mvc.perform(asyncDispatch(started))
                .andExpect(status().isAccepted())
                .andReturn();
        String jobId = com.jayway.jsonpath.JsonPath.read(done.getResponse().getContentAsString(), "$.jobId");
        assertThat(done.getResponse().getHeader("X-Correlation-Id")).isEqualTo(jobId);
        assertThat(kafka.history()).extracting(ProducerRecord::topic).contains("gw.step.llm");
    }

    @Test
    void anUnknownJobIsNotFound() throws Exception {
        mvc().perform(get("/v1/jobs/job_unknown"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("job_not_found"));
    }

    @Test
    void aBrokerThatDoesNotAcknowledgeIsA503WithRetryAfter() throws Exception {
        MockMvc mvc = mvc(false, Duration.ofMillis(200));
        MvcResult started = mvc.perform(
                        post("/v1/chat").contentType(MediaType.APPLICATION_JSON).content("{\"message\": \"hello\"}"))
                .andExpect(request().asyncStarted())
                .andReturn();
        String jobId = started.getResponse().getHeader("X-Correlation-Id");
        mvc.perform(asyncDispatch(started))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "2"))
                .andExpect(jsonPath("$.code").value("broker_unavailable"))
                .andExpect(jsonPath("$.retryable").value(true))
                .andExpect(jsonPath("$.correlationId").value(jobId));
        mvc.perform(get("/v1/jobs/" + jobId)).andExpect(status().isNotFound());
    }

    private ResultActions refused(MockMvc mvc, String path, String body, int status, String code) throws Exception {
        ResultActions result = mvc.perform(
                        post(path).contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().is(status))
                .andExpect(header().string("Content-Type", "application/problem+json"))
                .andExpect(header().exists("X-Correlation-Id"))
                .andExpect(jsonPath("$.type").value("https://aigateway.io/problems/" + code))
                .andExpect(jsonPath("$.status").value(status))
                .andExpect(jsonPath("$.code").value(code))
                .andExpect(jsonPath("$.retryable").value(false))
                .andExpect(jsonPath("$.title").value(not(org.hamcrest.Matchers.emptyString())));
        assertThat(kafka.history())
                .as("nothing is published for a refused request")
                .isEmpty();
        return result;
    }
}
