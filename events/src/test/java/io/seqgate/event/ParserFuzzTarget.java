package io.seqgate.event;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every fuzzed message must satisfy: the parser either throws its declared
 * {@link InvalidNotificationException} — the one exception the topology catches to dead-letter a
 * message — or returns a notification the rest of seqgate can rely on. Anything else escaping (a
 * NullPointerException, ClassCastException, StackOverflowError, ...) would reach Kafka Streams'
 * exception handler instead of the dead-letter route with a reason, and fails the fuzz test. And the
 * parser's two paths give one answer: the streaming read of the Records shape returns what the tree
 * path returns, and refuses what it refuses.
 */
final class ParserFuzzTarget {

    private static final NotificationParser PARSER = new NotificationParser();

    private ParserFuzzTarget() {}

    static void check(byte[] message) {
        Notification notification;
        try {
            notification = PARSER.parse(message);
        } catch (InvalidNotificationException expected) {
            assertThat(expected.getMessage()).as("the dead letter's reason").isNotBlank();
            assertThatThrownBy(() -> NotificationParser.parseAsTree(message))
                    .as("the tree path refuses it too")
                    .hasMessage(expected.getMessage());
            return;
        }
        assertThat(notification)
                .as("the streaming path and the tree path agree")
                .isEqualTo(NotificationParser.parseAsTree(message));
        assertThat(notification.events().isEmpty() && notification.notices().isEmpty())
                .as("a parsed message yields an event or a notice")
                .isFalse();
        for (ObjectEvent event : notification.events()) {
            assertThat(event.bucket()).as("bucket").isNotEmpty();
            assertThat(event.key()).as("key").isNotNull();
            assertThat(event.key().getBytes(UTF_8).length)
                    .as("key length in bytes")
                    .isLessThanOrEqualTo(1024);
            assertThat(event.eventName()).as("event name").isNotNull();
            assertThat(event.kind()).as("kind").isNotNull();
        }
    }
}
