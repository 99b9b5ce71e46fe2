package io.aigateway.results.query;

import io.aigateway.results.streams.ResultStoreStreams;
import io.aigateway.results.topology.BatchStores;
import io.aigateway.results.topology.JobStores;
import io.aigateway.schemas.event.JobEvent;
import io.aigateway.schemas.state.BatchItemState;
import io.aigateway.schemas.state.BatchQueries;
import io.aigateway.schemas.state.BatchState;
import io.aigateway.schemas.state.JobListings;
import io.aigateway.schemas.state.JobPage;
import io.aigateway.schemas.state.JobQueries;
import io.aigateway.schemas.state.JobState;
import io.aigateway.schemas.state.JobStatus;
import io.aigateway.schemas.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;

/**
 * Answers {@link JobQueries} for any job from any result-store instance: Streams' metadata names the instance whose
 * active task owns the job's partition; this instance reads its own stores when that is itself and asks the owner over
 * HTTP otherwise. While the instances start or rebalance there may be no owner, or the store may not be queryable: the
 * query is then tried again for up to about two seconds, with a short backoff, before {@link
 * JobStoreUnavailableException} says so.
 */
public final class JobQueryService implements JobQueries, BatchQueries, JobListings {

    private static final Duration BUDGET = Duration.ofSeconds(2);

    private final ResultStoreStreams streams;
    private final RemoteJobQueries remote;
    private final RetryTemplate retry;

    public JobQueryService(ResultStoreStreams streams, RemoteJobQueries remote) {
        this(streams, remote, BUDGET);
    }

    JobQueryService(ResultStoreStreams streams, RemoteJobQueries remote, Duration budget) {
        this.streams = streams;
        this.remote = remote;
        this.retry = new RetryTemplate(RetryPolicy.builder()
                .includes(StoreNotReadyException.class)
                .timeout(budget)
                .maxRetries(50)
                .delay(Duration.ofMillis(25))
                .multiplier(2)
                .maxDelay(Duration.ofMillis(400))
                .build());
    }

    @Override
    public Optional<JobState> job(String jobId) {
        return job(jobId, false);
    }

    @Override
    public List<JobEvent> events(String jobId, long afterSeq) {
        return events(jobId, afterSeq, false);
    }

    /**
     * @param forwarded whether another instance forwarded this query here; such a query is answered from the local
     *     stores at once or not at all
     */
    public Optional<JobState> job(String jobId, boolean forwarded) {
        return withRetry("job " + jobId, forwarded, () -> {
            Owner owner = owner(jobId);
            if (owner.local()) {
                return local(() -> Optional.ofNullable(this.<JobState>localStore(JobStores.STATE, owner.partition())
                        .get(jobId)));
            }
            if (forwarded) {
                throw new StoreNotReadyException("job " + jobId + " was forwarded here but belongs to " + owner.host());
            }
            return remote.job(owner.host(), jobId);
        });
    }

    /** As {@link #events(String, long)}; see {@link #job(String, boolean)} for {@code forwarded}. */
    public List<JobEvent> events(String jobId, long afterSeq, boolean forwarded) {
        return withRetry("events of job " + jobId, forwarded, () -> {
            Owner owner = owner(jobId);
            if (owner.local()) {
                return local(() -> JobStores.eventsAfter(
                        this.<JobEvent>localStore(JobStores.EVENTS, owner.partition()), jobId, afterSeq));
            }
            if (forwarded) {
                throw new StoreNotReadyException("job " + jobId + " was forwarded here but belongs to " + owner.host());
            }
            return remote.events(owner.host(), jobId, afterSeq);
        });
    }

    @Override
    public Optional<BatchState> batch(String batchId) {
        return batch(batchId, false);
    }

    @Override
    public List<BatchItemState> items(String batchId) {
        return items(batchId, false);
    }

    /** As {@link #batch(String)}; see {@link #job(String, boolean)} for {@code forwarded}. */
    public Optional<BatchState> batch(String batchId, boolean forwarded) {
        return withRetry("batch " + batchId, forwarded, () -> {
            Owner owner = owner(BatchStores.STATE, batchId);
            if (owner.local()) {
                return local(() -> Optional.ofNullable(this.<BatchState>localStore(BatchStores.STATE, owner.partition())
                        .get(batchId)));
            }
            if (forwarded) {
                throw new StoreNotReadyException("batch " + batchId + " was forwarded here but belongs elsewhere");
            }
            return remote.batch(owner.host(), batchId);
        });
    }

    /** As {@link #items(String)}; see {@link #job(String, boolean)} for {@code forwarded}. */
    public List<BatchItemState> items(String batchId, boolean forwarded) {
        return withRetry("items of batch " + batchId, forwarded, () -> {
            // both batch stores are written by one processor from one partition: the state's owner has the items
            Owner owner = owner(BatchStores.STATE, batchId);
            if (owner.local()) {
                return local(() -> BatchStores.items(
                        this.<BatchItemState>localStore(BatchStores.ITEMS, owner.partition()), batchId));
            }
            if (forwarded) {
                throw new StoreNotReadyException("batch " + batchId + " was forwarded here but belongs elsewhere");
            }
            return remote.items(owner.host(), batchId);
        });
    }

    @Override
    public JobPage jobs(String tenantId, JobStatus status, String before, int limit) {
        return jobs(tenantId, status, before, limit, false);
    }

    /**
     * A tenant's jobs are spread over every partition, so a page is gathered: the newest {@code limit} of each
     * partition this instance owns, and of each other instance's (asked over HTTP), merged newest first. A forwarded
     * query answers for this instance's partitions only.
     */
    public JobPage jobs(String tenantId, JobStatus status, String before, int limit, boolean forwarded) {
        return withRetry("the jobs of tenant " + tenantId, forwarded, () -> {
            KafkaStreams running = streams.streams()
                    .filter(s -> s.state() == KafkaStreams.State.RUNNING)
                    .orElseThrow(() -> new StoreNotReadyException("the result store is not running (rebalancing)"));
            List<JobState> found = new ArrayList<>();
            boolean more = false;
            for (int partition : localJobPartitions(running)) {
                List<JobState> some = local(() -> JobStores.newestJobs(
                        this.<String>localStore(JobStores.INDEX, partition),
                        this.<JobState>localStore(JobStores.STATE, partition),
                        tenantId,
                        status,
                        before,
                        limit));
                found.addAll(some);
                more |= some.size() == limit;
            }
            if (!forwarded) {
                for (StreamsMetadata other : running.metadataForAllStreamsClients()) {
                    if (other.hostInfo().equals(streams.self())
                            || jobPartitions(other.topicPartitions()).isEmpty()) {
                        continue;
                    }
                    JobPage page = remote.jobs(other.hostInfo(), tenantId, status, before, limit);
                    found.addAll(page.jobs());
                    more |= page.next() != null;
                }
            }
            found.sort(Comparator.comparing(JobPage::cursor).reversed());
            List<JobState> page = found.size() > limit ? found.subList(0, limit) : found;
            boolean last = !more && found.size() <= limit;
            return new JobPage(page, last || page.isEmpty() ? null : JobPage.cursor(page.get(page.size() - 1)));
        });
    }

    private static List<Integer> localJobPartitions(KafkaStreams running) {
        List<Integer> partitions = new ArrayList<>();
        for (ThreadMetadata thread : running.metadataForLocalThreads()) {
            for (TaskMetadata task : thread.activeTasks()) {
                partitions.addAll(jobPartitions(task.topicPartitions()));
            }
        }
        return partitions;
    }

    /** The partitions of the job stores among {@code partitions}: those of the topic their processor reads. */
    private static List<Integer> jobPartitions(Collection<TopicPartition> partitions) {
        return partitions.stream()
                .filter(tp -> tp.topic().equals(Topics.EVENTS.name()))
                .map(TopicPartition::partition)
                .toList();
    }

    private Owner owner(String jobId) {
        // both stores are written by one processor from one partition, so the job-state owner owns the events too
        return owner(JobStores.STATE, jobId);
    }

    private Owner owner(String store, String key) {
        KafkaStreams running =
                streams.streams().orElseThrow(() -> new StoreNotReadyException("the result store is not started"));
        KeyQueryMetadata metadata;
        try {
            metadata = running.queryMetadataForKey(store, key, JobStores.KEY_SERDE.serializer());
        } catch (InvalidStateStoreException e) {
            throw new StoreNotReadyException("no query metadata yet: " + e.getMessage(), e);
        }
        if (metadata == null
                || KeyQueryMetadata.NOT_AVAILABLE.equals(metadata)
                || HostInfo.unavailable().equals(metadata.activeHost())) {
            throw new StoreNotReadyException("no instance owns " + key + " of " + store + " right now (rebalancing)");
        }
        return new Owner(
                metadata.activeHost(),
                metadata.partition(),
                metadata.activeHost().equals(streams.self()));
    }

    private <V> ReadOnlyKeyValueStore<String, V> localStore(String storeName, int partition) {
        KafkaStreams running =
                streams.streams().orElseThrow(() -> new StoreNotReadyException("the result store is not started"));
        return running.store(
                StoreQueryParameters.fromNameAndType(storeName, QueryableStoreTypes.<String, V>keyValueStore())
                        .withPartition(partition));
    }

    /** Runs a read of the local stores; a store that moved or is restoring makes it worth another try. */
    private static <T> T local(Supplier<T> read) {
        try {
            return read.get();
        } catch (InvalidStateStoreException e) {
            throw new StoreNotReadyException("the store is not queryable here: " + e.getMessage(), e);
        }
    }

    /**
     * Tries {@code attempt} until it answers or the budget is spent. A forwarded query gets one attempt: the instance
     * that forwarded it is already retrying, and should look up the owner afresh rather than wait on this one.
     */
    private <T> T withRetry(String what, boolean forwarded, Supplier<T> attempt) {
        if (forwarded) {
            try {
                return attempt.get();
            } catch (StoreNotReadyException e) {
                throw new JobStoreUnavailableException(
                        "the result store cannot answer for " + what + " now: " + e.getMessage(), e);
            }
        }
        try {
            return retry.execute(attempt::get);
        } catch (RetryException e) {
            Throwable last = e.getLastException() != null ? e.getLastException() : e;
            if (last instanceof StoreNotReadyException) {
                throw new JobStoreUnavailableException(
                        "the result store cannot answer for " + what + " now: " + last.getMessage(), last);
            }
            if (last instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(last);
        }
    }

    private record Owner(HostInfo host, int partition, boolean local) {}
}
