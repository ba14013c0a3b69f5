package io.seqgate.event;

import java.util.Objects;

/**
 * A message, or part of one, that is well-formed but carries no object event, such as the test event
 * S3 sends when a notification configuration is saved. It is recorded (outcome IGNORED) instead of
 * being sent to the dead letter topic, so that an operator sees it arrived.
 *
 * @param bucket    the bucket it names, or null when it names none
 * @param eventName what the message calls itself, e.g. {@code s3:TestEvent}
 * @param reason    why it yields no object event, for people reading outcomes
 */
public record Notice(String bucket, String eventName, String reason) {

    public Notice {
        Objects.requireNonNull(eventName, "eventName");
        Objects.requireNonNull(reason, "reason");
    }
}
