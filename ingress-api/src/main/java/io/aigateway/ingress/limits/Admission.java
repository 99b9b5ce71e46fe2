package io.aigateway.ingress.limits;

import io.aigateway.schemas.job.ChatMessage;
import io.aigateway.schemas.job.JobInput;
import io.aigateway.schemas.job.JobOptions;
import io.aigateway.schemas.job.Step;
import java.time.Instant;
import java.util.List;

/**
 * Decides whether and how a tenant's job starts, before anything is published: its rate of jobs, its jobs running and
 * its LLM tokens per minute, each against the tenant's limits, and PII redaction when the tenant's policy asks for it
 * (a job cannot opt out of its tenant's redaction). A refused job costs nothing and reaches no topic.
 */
public final class Admission {

    /** Characters per token in the estimate before the call: a common rule of thumb for English text. */
    private static final int CHARS_PER_TOKEN = 4;

    private final TenantUsage usage;
    private final TenantPolicies policies;

    public Admission(TenantUsage usage, TenantPolicies policies) {
        this.usage = usage;
        this.policies = policies;
    }

    /**
     * Admits the job or throws {@link RateLimitedException} (a rate, 429), {@link QuotaExceededException} (the upload
     * quota, 403) or {@code over_token_limit} (400); an admitted job counts at once.
     *
     * @return the job's options as it runs: with {@code redactPii} on when the tenant's policy says so
     */
    public JobOptions admit(
            String tenant, String jobId, List<Step> route, JobInput input, JobOptions options, Instant deadline) {
        usage.admit(
                tenant,
                jobId,
                estimateTokens(route, input, options, policies.defaultMaxTokens()),
                input.audio() == null ? 0 : input.audio().size(),
                deadline,
                policies.limitsOf(tenant));
        if (policies.redactPii(tenant) && !Boolean.TRUE.equals(options.redactPii())) {
            return options.withRedactPii(true);
        }
        return options;
    }

    /** The job was not accepted after all (the broker refused it): it no longer counts. */
    public void release(String tenant, String jobId) {
        usage.release(tenant, jobId);
    }

    /**
     * The LLM tokens a job may use, before the call: its prompt at four characters a token, plus the completion it
     * may ask for. Retrieved passages are not known yet; the settled count from the LLM step replaces this estimate.
     */
    static long estimateTokens(List<Step> route, JobInput input, JobOptions options, int defaultMaxTokens) {
        if (!route.contains(Step.LLM)) {
            return 0;
        }
        long chars = input.text() == null ? 0 : input.text().length();
        for (ChatMessage message : input.messages()) {
            chars += message.content() == null ? 0 : message.content().length();
        }
        Integer maxTokens = options.maxTokens();
        return chars / CHARS_PER_TOKEN + 1 + (maxTokens != null ? maxTokens : defaultMaxTokens);
    }
}
