package io.aigateway.ingress.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.aigateway.pipeline.correlation.Correlation;
import io.aigateway.schemas.SchemaVersion;
import io.aigateway.schemas.event.JobCompleted;
import io.aigateway.schemas.event.StepCompleted;
import io.aigateway.schemas.job.Answer;
import io.aigateway.schemas.job.JobContext;
import io.aigateway.schemas.job.JobEnvelope;
import io.aigateway.schemas.job.JobInput;
import io.aigateway.schemas.job.JobOptions;
import io.aigateway.schemas.job.Step;
import io.aigateway.schemas.job.Transcript;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ContentLogTest {

    private static final String QUESTION = "My card 4111 1111 1111 1111 was charged twice, mail me at ann@example.com";

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(ContentLog.LOGGER);
    private final Instant now = Instant.parse("2026-12-04T10:00:00Z");

    @BeforeEach
    void capture() {
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void release() {
        logger.detachAppender(appender);
    }

    @Test
    void offItLogsNoContentAtAll() {
        ContentLog content = ContentLog.off();
        content.accepted(job("job-1", false), correlation("job-1"));
        content.onEvent(answered("job-1", "Refund issued."));

        assertThat(appender.list).isEmpty();
    }

    @Test
    void onItLogsTheQuestionTranscriptAndAnswerOfJobsAcceptedHere() {
        ContentLog content = new ContentLog(true);
        content.accepted(job("job-1", false), correlation("job-1"));
        content.onEvent(transcribed("job-1", "hello there"));
        content.onEvent(answered("job-1", "Refund issued."));
        content.onEvent(answered("job-elsewhere", "accepted by another instance"));

        assertThat(lines())
                .anySatisfy(line -> assertThat(line).contains("job-1 input").contains(QUESTION))
                .anySatisfy(line -> assertThat(line).contains("transcript: hello there"))
                .anySatisfy(line -> assertThat(line).contains("answer: Refund issued."))
                .noneSatisfy(line -> assertThat(line).contains("another instance"));
    }

    @Test
    void onItRedactsTheTextOfJobsWhoseTenantAsksForRedaction() {
        ContentLog content = new ContentLog(true);
        content.accepted(job("job-2", true), correlation("job-2"));
        content.onEvent(answered("job-2", "We wrote to ann@example.com"));
        content.onEvent(new JobCompleted(SchemaVersion.CURRENT, "job-2", "job-2", "acme", 5, now, JobContext.empty()));
        content.onEvent(answered("job-2", "after its end nothing more is logged"));

        assertThat(String.join("\n", lines()))
                .doesNotContain("4111 1111", "ann@example.com", "after its end")
                .contains("[CARD]", "[EMAIL]");
    }

    private List<String> lines() {
        return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    private JobEnvelope job(String jobId, boolean redact) {
        return JobEnvelope.create(
                jobId,
                jobId,
                "acme",
                null,
                now,
                now.plusSeconds(60),
                List.of(Step.LLM),
                JobInput.ofText(QUESTION),
                JobOptions.defaults().withRedactPii(redact));
    }

    private static Correlation correlation(String jobId) {
        return new Correlation(jobId, jobId, "acme", null);
    }

    private StepCompleted transcribed(String jobId, String text) {
        return completed(
                jobId, Step.STT, JobContext.empty().withTranscript(new Transcript(text, "en", 1.0, List.of())));
    }

    private StepCompleted answered(String jobId, String text) {
        return completed(jobId, Step.LLM, JobContext.empty().withAnswer(new Answer(text, "mock", 10, 3, "stop")));
    }

    private StepCompleted completed(String jobId, Step step, JobContext output) {
        return new StepCompleted(SchemaVersion.CURRENT, jobId, jobId, "acme", 2, now, step, "mock", 5, output);
    }
}
