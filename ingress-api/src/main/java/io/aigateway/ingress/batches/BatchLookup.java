package io.aigateway.ingress.batches;

import io.aigateway.ingress.problems.ApiException;
import io.aigateway.ingress.problems.ProblemCode;
import io.aigateway.schemas.batch.BatchItemKey;
import io.aigateway.schemas.batch.BatchManifest;
import io.aigateway.schemas.state.BatchItemState;
import io.aigateway.schemas.state.BatchQueries;
import io.aigateway.schemas.state.BatchState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A tenant's view of its batches: the result store's answer ({@link BatchQueries}), falling back to the batches this
 * instance accepted in the last minutes, so a read right after the 202 never answers 404 while the store folds the
 * manifest. Another tenant's batch, like an unknown or malformed id, is absent: the same 404 either way.
 */
public final class BatchLookup {

    private static final int RECENT_MAX = 1_000;

    private final BatchQueries queries;
    private final Clock clock;
    private final Duration recentTtl;
    private final Map<String, Recent> recent = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Recent> eldest) {
            return size() > RECENT_MAX;
        }
    };

    private record Recent(BatchManifest manifest, Instant until) {}

    public BatchLookup(BatchQueries queries, Clock clock, Duration recentTtl) {
        this.queries = queries;
        this.clock = clock;
        this.recentTtl = recentTtl;
    }

    /** Remembers a batch this instance just accepted. */
    public synchronized void accepted(BatchManifest manifest) {
        recent.put(manifest.batchId(), new Recent(manifest, clock.instant().plus(recentTtl)));
    }

    /** The batch, if it exists and belongs to the tenant. */
    public Optional<BatchState> batch(String batchId, String tenantId) {
        if (batchId == null || !BatchItemKey.BATCH_ID.matcher(batchId).matches()) {
            return Optional.empty();
        }
        Optional<BatchState> stored;
        try {
            stored = queries.batch(batchId);
        } catch (RuntimeException e) {
            Optional<BatchState> justAccepted = recentState(batchId).filter(s -> tenantId.equals(s.tenantId()));
            if (justAccepted.isPresent()) {
                return justAccepted;
            }
            throw unavailable(e);
        }
        if (stored.isPresent()) {
            return stored.filter(s -> tenantId.equals(s.tenantId()));
        }
        return recentState(batchId).filter(s -> tenantId.equals(s.tenantId()));
    }

    /** The batch or the 404 every unknown, malformed or foreign id gets. */
    public BatchState require(String batchId, String tenantId) {
        return batch(batchId, tenantId)
                .orElseThrow(() -> new ApiException(ProblemCode.BATCH_NOT_FOUND, "no batch " + batchId));
    }

    /** The items of a batch already checked to be the tenant's. */
    public List<BatchItemState> items(BatchState batch) {
        List<BatchItemState> stored;
        try {
            stored = queries.items(batch.batchId());
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
        if (stored.isEmpty()) {
            Recent r = recentEntry(batch.batchId());
            if (r != null) {
                return r.manifest().items().stream()
                        .map(i -> BatchItemState.fromManifest(r.manifest(), i))
                        .toList();
            }
        }
        return stored;
    }

    private Optional<BatchState> recentState(String batchId) {
        Recent r = recentEntry(batchId);
        if (r == null) {
            return Optional.empty();
        }
        return Optional.of(BatchState.fromManifest(r.manifest(), 0));
    }

    private synchronized Recent recentEntry(String batchId) {
        Recent r = recent.get(batchId);
        if (r != null && r.until().isBefore(clock.instant())) {
            recent.remove(batchId);
            return null;
        }
        return r;
    }

    private static ApiException unavailable(RuntimeException e) {
        return new ApiException(
                ProblemCode.RESULT_STORE_UNAVAILABLE,
                "the result store cannot answer right now; retry shortly",
                List.of(),
                e);
    }
}
