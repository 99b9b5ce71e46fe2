package io.aigateway.ingress.batches;

import io.aigateway.ingress.results.ResultStoreClient;
import io.aigateway.schemas.json.Json;
import io.aigateway.schemas.state.BatchItemState;
import io.aigateway.schemas.state.BatchQueries;
import io.aigateway.schemas.state.BatchState;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectReader;

/**
 * {@link BatchQueries} over the result store's internal HTTP API, for an ingress running apart from it: {@code GET
 * {base}/internal/batches/{id}} (the state, or 404) and {@code GET {base}/internal/batches/{id}/items}.
 */
public final class HttpBatchQueries implements BatchQueries {

    private static final ObjectReader STATE = ResultStoreClient.reader(BatchState.class);
    private static final ObjectReader ITEMS = Json.mapper().readerFor(new TypeReference<List<BatchItemState>>() {});

    private final ResultStoreClient store;

    public HttpBatchQueries(URI baseUrl, Duration timeout) {
        this.store = new ResultStoreClient(baseUrl, timeout);
    }

    @Override
    public Optional<BatchState> batch(String batchId) {
        return store.get(STATE, "batch", "/internal/batches/{id}", batchId);
    }

    @Override
    public List<BatchItemState> items(String batchId) {
        return store.<List<BatchItemState>>get(ITEMS, "list of batch items", "/internal/batches/{id}/items", batchId)
                .orElse(List.of());
    }
}
