package io.aigateway.results.query;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The result store's internal HTTP API for batches, beside {@link InternalJobController}: a batch's progress and its
 * items, for the ingress and for forwarding between instances. Not for clients: no tenant check happens here.
 */
@RestController("resultStoreInternalBatchController")
@RequestMapping("/internal/batches")
public class InternalBatchController {

    private final JobQueryService queries;

    public InternalBatchController(JobQueryService queries) {
        this.queries = queries;
    }

    /** The batch's state, or 404 when the store does not know it. */
    @GetMapping("/{batchId}")
    public ResponseEntity<byte[]> batch(
            @PathVariable String batchId,
            @RequestHeader(name = RemoteJobQueries.FORWARDED_HEADER, defaultValue = "false") boolean forwarded) {
        return queries.batch(batchId, forwarded)
                .map(state -> json(JobJson.write(state)))
                .orElseGet(() -> ResponseEntity.notFound().build());
    }

    /** The batch's items in index order (an empty array for an unknown batch). */
    @GetMapping("/{batchId}/items")
    public ResponseEntity<byte[]> items(
            @PathVariable String batchId,
            @RequestHeader(name = RemoteJobQueries.FORWARDED_HEADER, defaultValue = "false") boolean forwarded) {
        return json(JobJson.writeItems(queries.items(batchId, forwarded)));
    }

    @ExceptionHandler(JobStoreUnavailableException.class)
    public ResponseEntity<byte[]> unavailable(JobStoreUnavailableException e) {
        return InternalJobController.problem(e);
    }

    private static ResponseEntity<byte[]> json(byte[] body) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
