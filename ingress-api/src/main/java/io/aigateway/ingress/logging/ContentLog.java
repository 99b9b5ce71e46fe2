package io.aigateway.ingress.logging;

import io.aigateway.pipeline.correlation.Correlation;
import io.aigateway.pipeline.text.PiiRedactor;
import io.aigateway.schemas.event.JobEvent;
import io.aigateway.schemas.event.StepCompleted;
import io.aigateway.schemas.job.ChatMessage;
import io.aigateway.schemas.job.JobContext;
import io.aigateway.schemas.job.JobEnvelope;
import io.aigateway.schemas.job.JobInput;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where what users said and what the gateway answered may reach a log: questions, transcripts and answers
 * are logged only when an operator turns the debug switch on ({@code gateway.ingress.debug.log-content: true}), on
 * the logger {@value #LOGGER}, and with PII redacted when the job's tenant (or the job) asks for redaction. Everything
 * else in the gateway logs ids, steps, providers, sizes and timings, never content.
 *
 * <p>Each ingress instance logs the jobs it accepted (their later outputs come from {@code gw.events}, which every
 * instance reads), so one job's content is logged once however many instances run. Off, it keeps nothing and costs
 * nothing.
 */
public final class ContentLog {

    public static final String LOGGER = "io.aigateway.content";

    private static final Logger log = LoggerFactory.getLogger(LOGGER);
    /** Jobs accepted here and still followed; the oldest are forgotten first beyond this many. */
    private static final int MAX_FOLLOWED = 10_000;

    private final boolean enabled;
    private final PiiRedactor redactor = PiiRedactor.instance();
    /** Job id to whether its text is redacted, for the jobs this instance accepted. */
    private final Map<String, Boolean> followed = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > MAX_FOLLOWED;
        }
    };

    public ContentLog(boolean enabled) {
        this.enabled = enabled;
        if (enabled) {
            log.warn(
                    "gateway.ingress.debug.log-content is on: questions, transcripts and answers are logged on {}",
                    LOGGER);
        }
    }

    public static ContentLog off() {
        return new ContentLog(false);
    }

    public boolean enabled() {
        return enabled;
    }

    /** A job this instance accepted: its question, and from now on its steps' outputs. */
    public void accepted(JobEnvelope job, Correlation correlation) {
        if (!enabled) {
            return;
        }
        boolean redact = Boolean.TRUE.equals(job.options().redactPii());
        synchronized (followed) {
            followed.put(job.jobId(), redact);
        }
        try (var scope = correlation.open(null)) {
            log.info("job {} input: {}", job.jobId(), text(job.input(), redact));
        }
    }

    /** Every event read from {@code gw.events}: the outputs of the jobs accepted here. */
    public void onEvent(JobEvent event) {
        if (!enabled) {
            return;
        }
        Boolean redact;
        synchronized (followed) {
            redact = event.isTerminal() ? followed.remove(event.jobId()) : followed.get(event.jobId());
        }
        if (redact == null || !(event instanceof StepCompleted completed) || completed.output() == null) {
            return;
        }
        JobContext output = completed.output();
        Correlation job = new Correlation(event.correlationId(), event.jobId(), event.tenantId(), null);
        try (var scope = job.open(completed.step().id())) {
            if (output.transcript() != null) {
                log.info(
                        "job {} transcript: {}",
                        event.jobId(),
                        clean(output.transcript().text(), redact));
            }
            if (output.answer() != null) {
                log.info(
                        "job {} answer: {}",
                        event.jobId(),
                        clean(output.answer().text(), redact));
            }
        }
    }

    private String text(JobInput input, boolean redact) {
        StringBuilder out = new StringBuilder();
        for (ChatMessage message : input.messages()) {
            out.append('[')
                    .append(message.role())
                    .append("] ")
                    .append(clean(message.content(), redact))
                    .append(' ');
        }
        if (input.text() != null) {
            out.append(clean(input.text(), redact));
        }
        if (input.audio() != null) {
            out.append("(audio, ").append(input.audio().size()).append(" bytes)");
        }
        return out.toString().strip();
    }

    private String clean(String text, boolean redact) {
        return redact ? redactor.redact(text).text() : text;
    }
}
