package io.seqgate.event;

import java.util.List;

/**
 * Everything one input message says: its object events in the order the message lists them, and
 * notices for what it carried that is not an object event. A message yields at least one of either.
 *
 * @param events  object events, in message order (S3 may put several records in one message)
 * @param notices well-formed content without an object, e.g. the S3 test event
 */
public record Notification(List<ObjectEvent> events, List<Notice> notices) {

    public Notification {
        events = List.copyOf(events);
        notices = List.copyOf(notices);
    }
}
