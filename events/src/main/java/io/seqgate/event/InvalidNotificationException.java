package io.seqgate.event;

/**
 * A message that cannot be read as any notification shape seqgate accepts (docs/design.md §3). The message
 * names what is wrong and where (e.g. {@code Records[1]: s3.object.key is missing}) so that an
 * operator looking at the dead letter topic can tell a producer bug from a misconfigured source.
 * Unchecked, because the only sensible reaction is to route the raw bytes to the dead letter topic.
 */
public class InvalidNotificationException extends RuntimeException {

    public InvalidNotificationException(String message) {
        super(message);
    }

    public InvalidNotificationException(String message, Throwable cause) {
        super(message, cause);
    }
}
