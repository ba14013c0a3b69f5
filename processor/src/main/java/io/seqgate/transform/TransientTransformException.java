package io.seqgate.transform;

/**
 * The transform could not run this time, and may next time: a service it calls answered 5xx, timed out,
 * or refused the connection. seqgate calls the transform again, with capped exponential backoff, until
 * the sink's retry budget ({@code SEQGATE_S3_RETRY_BUDGET}) for the event is spent, and then ends the
 * event FAILED with this message.
 */
public class TransientTransformException extends Exception {

    public TransientTransformException(String message) {
        super(message);
    }

    public TransientTransformException(String message, Throwable cause) {
        super(message, cause);
    }
}
