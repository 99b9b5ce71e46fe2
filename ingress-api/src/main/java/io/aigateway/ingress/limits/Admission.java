package io.aigateway.ingress.limits;

import io.aigateway.ingress.jobs.JobSpec;
import io.aigateway.schemas.job.ChatMessage;
import io.aigateway.schemas.job.Step;
import java.time.Instant;

/**
 * Decides whether a tenant's job may start, before anything is published: its rate of jobs, its jobs running and its
 * LLM tokens per minute, each against the tenant's limits. A refused job costs nothing and reaches no topic.
 */
public final class Admission {

    /** Characters per token in the estimate before the call: a common rule of thumb for English text. */
    private static final int CHARS_PER_TOKEN = 4;

    private final TenantUsage usage;
    private final LimitProperties limits;

    public Admission(TenantUsage usage, LimitProperties limits) {
        this.usage = usage;
        this.limits = limits;
    }

    /** Admits the job or throws {@link RateLimitedException}; an admitted job counts at once. */
    public void admit(String tenant, String jobId, JobSpec spec, Instant deadline) {
        usage.admit(tenant, jobId, estimateTokens(spec, limits.defaultMaxTokens()), deadline, limits.of(tenant));
    }

    /** The job was not accepted after all (the broker refused it): it no longer counts. */
    public void release(String tenant, String jobId) {
        usage.release(tenant, jobId);
    }

    /**
     * The LLM tokens a job may use, before the call: its prompt at four characters a token, plus the completion it
     * may ask for. Retrieved passages are not known yet; the settled count from the LLM step replaces this estimate.
     */
    static long estimateTokens(JobSpec spec, int defaultMaxTokens) {
        if (!spec.route().contains(Step.LLM)) {
            return 0;
        }
        long chars = spec.input().text() == null ? 0 : spec.input().text().length();
        for (ChatMessage message : spec.input().messages()) {
            chars += message.content() == null ? 0 : message.content().length();
        }
        Integer maxTokens = spec.options().maxTokens();
        return chars / CHARS_PER_TOKEN + 1 + (maxTokens != null ? maxTokens : defaultMaxTokens);
    }
}
