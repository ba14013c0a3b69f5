package io.seqgate.sink;

/** The object cannot be transformed; retrying will not help. The message is the user-facing reason. */
public class UnsupportedObjectException extends Exception {

    public UnsupportedObjectException(String reason) {
        super(reason);
    }
}
