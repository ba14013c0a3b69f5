package io.seqgate.query;

/**
 * The state asked for cannot be read now: Streams is rebalancing or starting, or neither the owner nor a
 * standby of the partition answered. The client should retry shortly (HTTP 503 with Retry-After).
 */
public final class StateUnavailableException extends RuntimeException {

    public StateUnavailableException(String message) {
        super(message);
    }

    public StateUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
