package io.aigateway.schemas.state;

/**
 * A tenant's jobs, newest first, a page at a time: what the result store answers from its index of jobs by tenant and
 * creation time, gathered from every instance. No tenant check happens here: the ingress names the caller's tenant.
 */
public interface JobListings {

    /** The most a page holds. */
    int MAX_LIMIT = 100;

    /**
     * @param status only jobs with this status; null for all
     * @param before the {@link JobPage#next} of the page before, null for the newest jobs
     * @param limit how many at most, 1 to {@value #MAX_LIMIT}
     */
    JobPage jobs(String tenantId, JobStatus status, String before, int limit);
}
