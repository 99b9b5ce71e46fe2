package io.aigateway.schemas.state;

import java.util.List;
import java.util.Optional;

/**
 * What the result store answers about batches, from any instance (forwarding to the owner of the batch's partition);
 * the ingress reaches it in-process or over HTTP. No tenant check happens here: the ingress compares the tenant.
 */
public interface BatchQueries {

    /** The batch's state; empty when the store does not know it (yet, or any more). */
    Optional<BatchState> batch(String batchId);

    /** The batch's items in index order. */
    List<BatchItemState> items(String batchId);
}
