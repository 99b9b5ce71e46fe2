package io.aigateway.pipeline.routing;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Holds the current {@link RouteTable}. Starts from configuration; {@link #replace} swaps in a whole new table at run
 * time (a reader of the compacted {@code gw.config} topic will call it), and readers always see one complete table.
 */
public final class RouteCatalog {

    private final AtomicReference<RouteTable> current;

    public RouteCatalog(RouteTable initial) {
        this.current = new AtomicReference<>(Objects.requireNonNull(initial, "initial"));
    }

    public RouteTable current() {
        return current.get();
    }

    public void replace(RouteTable table) {
        current.set(Objects.requireNonNull(table, "table"));
    }
}
