package io.aigateway.schemas.state;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One page of a tenant's jobs, newest first.
 *
 * @param next where the following page starts (its {@code before}), null when this page is the last; opaque to
 *     clients: the creation time in milliseconds and the job id of this page's last job
 */
public record JobPage(List<JobState> jobs, String next) {

    /** The shape of a cursor: what {@link #cursor} makes. */
    public static final Pattern CURSOR = Pattern.compile("\\d{13}/[A-Za-z0-9_.:-]{1,200}");

    public JobPage {
        jobs = jobs == null ? List.of() : List.copyOf(jobs);
    }

    /** The cursor that lists the jobs created before {@code state} (and, at the same millisecond, lower ids). */
    public static String cursor(JobState state) {
        return millis(state.createdAt().toEpochMilli()) + "/" + state.jobId();
    }

    /** Milliseconds as 13 digits, so cursors and index keys compare as numbers do (until the year 2286). */
    public static String millis(long epochMillis) {
        String digits = Long.toString(Math.max(0, epochMillis));
        return "0".repeat(Math.max(0, 13 - digits.length())) + digits;
    }
}
