package io.seqgate.transform;

/**
 * The object cannot be transformed, and trying again will not help (not an image, an unreadable file):
 * the event ends UNSUPPORTED. The message is the reason users see in the outcome.
 */
public class UnsupportedObjectException extends Exception {

    public UnsupportedObjectException(String reason) {
        super(reason);
    }
}
