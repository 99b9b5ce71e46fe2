package io.aigateway.results.topology;

import io.aigateway.schemas.json.JsonSerde;
import io.aigateway.schemas.state.BatchItemState;
import io.aigateway.schemas.state.BatchState;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The batch stores, their serdes and key layout, in one place for the fold that writes them and the queries that read
 * them.
 *
 * <ul>
 *   <li>{@value #STATE}: batch id to {@link BatchState} (counts, times), small, rewritten on every change;
 *   <li>{@value #ITEMS}: {@code <batchId>/<index as 10 digits>} to {@link BatchItemState}. Both stores are written by
 *       one processor from one partition of {@code gw.batches} (keyed by batch id), so the owner of a batch's state
 *       owns its items too, and one item's change rewrites only that item.
 * </ul>
 */
public final class BatchStores {

    public static final String STATE = "batch-state";
    public static final String ITEMS = "batch-items";

    public static final Serde<String> KEY_SERDE = Serdes.String();
    public static final JsonSerde<BatchState> STATE_SERDE = new JsonSerde<>(BatchState.class);
    public static final JsonSerde<BatchItemState> ITEM_SERDE = new JsonSerde<>(BatchItemState.class);

    private BatchStores() {}

    public static String itemKey(String batchId, int index) {
        return batchId + "/" + String.format("%010d", index);
    }

    /** A batch's items in index order (a range, so {@code a} never reaches into {@code a/b}: digits sort first). */
    public static List<BatchItemState> items(ReadOnlyKeyValueStore<String, BatchItemState> store, String batchId) {
        List<BatchItemState> found = new ArrayList<>();
        try (KeyValueIterator<String, BatchItemState> range =
                store.range(itemKey(batchId, 0), itemKey(batchId, Integer.MAX_VALUE))) {
            range.forEachRemaining(kv -> found.add(kv.value));
        }
        return found;
    }
}
