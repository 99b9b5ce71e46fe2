package io.aigateway.results.topology;

import io.aigateway.schemas.event.JobEvent;
import io.aigateway.schemas.json.JsonSerde;
import io.aigateway.schemas.state.JobPage;
import io.aigateway.schemas.state.JobState;
import io.aigateway.schemas.state.JobStatus;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The result store's two stores, their serdes and the key layout of the events store, in one place so the topology
 * that writes them and the queries that read them cannot disagree.
 *
 * <ul>
 *   <li>{@value #STATE}: job id to {@link JobState};
 *   <li>{@value #EVENTS}: {@code <jobId>/<seq as 19 digits>} to {@link JobEvent}. Keys are compared as UTF-8 bytes,
 *       so zero-padding makes one job's events a contiguous, rising range.
 *   <li>{@value #INDEX}: {@code <tenantId>/<created at, 13 digits of milliseconds>/<jobId>} to the job id: a tenant's
 *       jobs of one partition as a contiguous range in creation order, for listing them newest first.
 * </ul>
 */
public final class JobStores {

    public static final String STATE = "job-state";
    public static final String EVENTS = "job-events";
    public static final String INDEX = "job-index";

    public static final Serde<String> KEY_SERDE = Serdes.String();
    public static final JsonSerde<JobState> STATE_SERDE = new JsonSerde<>(JobState.class);
    public static final JsonSerde<JobEvent> EVENT_SERDE = new JsonSerde<>(JobEvent.class);
    public static final Serde<String> INDEX_SERDE = Serdes.String();

    private static final char SEPARATOR = '/';

    private JobStores() {}

    /** The events-store key of a job's event. */
    public static String eventKey(String jobId, long seq) {
        if (seq < 0) {
            throw new IllegalArgumentException("sequence numbers are not negative: " + seq);
        }
        return jobId + SEPARATOR + String.format("%019d", seq);
    }

    /** The lowest events-store key of a job. */
    public static String firstEventKey(String jobId) {
        return eventKey(jobId, 0);
    }

    /**
     * The highest events-store key of a job. A range up to it, rather than a prefix scan, cannot reach into a job whose
     * id extends this one's with the separator ({@code a} and {@code a/b}): digits sort below every letter.
     */
    public static String lastEventKey(String jobId) {
        return eventKey(jobId, Long.MAX_VALUE);
    }

    /** The index key of a job; null while its state knows neither tenant nor creation time. */
    public static String indexKey(JobState state) {
        if (state.tenantId() == null || state.createdAt() == null) {
            return null;
        }
        return state.tenantId() + SEPARATOR + JobPage.cursor(state);
    }

    /**
     * A tenant's jobs in one partition's index, newest first: the states with {@code status} (any when null) created
     * before the {@code before} cursor (the newest when null), at most {@code limit}.
     */
    public static List<JobState> newestJobs(
            ReadOnlyKeyValueStore<String, String> index,
            ReadOnlyKeyValueStore<String, JobState> states,
            String tenantId,
            JobStatus status,
            String before,
            int limit) {
        String prefix = tenantId + SEPARATOR;
        // digits sort below every letter, so a tenant whose id extends this one's with the separator stays out of range
        String upper = before != null ? prefix + before : prefix + "9".repeat(13) + SEPARATOR + '\uffff';
        List<JobState> found = new ArrayList<>();
        try (KeyValueIterator<String, String> range = index.reverseRange(prefix, upper)) {
            while (range.hasNext() && found.size() < limit) {
                KeyValue<String, String> next = range.next();
                if (before != null && next.key.equals(upper)) {
                    continue; // the previous page's last job
                }
                JobState state = states.get(next.value);
                if (state != null && (status == null || state.status() == status)) {
                    found.add(state);
                }
            }
        }
        return found;
    }

    /** A job's events with a sequence number above {@code afterSeq}, in rising order. */
    public static List<JobEvent> eventsAfter(
            ReadOnlyKeyValueStore<String, JobEvent> events, String jobId, long afterSeq) {
        if (afterSeq == Long.MAX_VALUE) {
            return List.of();
        }
        long from = Math.max(0, afterSeq + 1);
        List<JobEvent> found = new ArrayList<>();
        try (KeyValueIterator<String, JobEvent> range = events.range(eventKey(jobId, from), lastEventKey(jobId))) {
            while (range.hasNext()) {
                KeyValue<String, JobEvent> next = range.next();
                found.add(next.value);
            }
        }
        return found;
    }
}
