package io.seqgate.reconcile;

/** A reconcile pass could not finish: a listing, a comparison or writing its records failed for good. */
public final class ReconcileException extends RuntimeException {

    public ReconcileException(String message, Throwable cause) {
        super(message, cause);
    }
}
