package io.aigateway.results.query;

/** One attempt to answer a query could not: worth another try within the query's time budget. */
final class StoreNotReadyException extends RuntimeException {

    StoreNotReadyException(String message) {
        super(message);
    }

    StoreNotReadyException(String message, Throwable cause) {
        super(message, cause);
    }
}
