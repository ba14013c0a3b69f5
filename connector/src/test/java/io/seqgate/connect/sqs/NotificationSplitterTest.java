package io.seqgate.connect.sqs;

import static io.seqgate.connect.sqs.Samples.eventBridgeCreated;
import static io.seqgate.connect.sqs.Samples.record;
import static io.seqgate.connect.sqs.Samples.records;
import static io.seqgate.connect.sqs.Samples.sns;
import static io.seqgate.connect.sqs.Samples.testEvent;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.seqgate.event.InvalidNotificationException;
import io.seqgate.event.Notification;
import io.seqgate.event.NotificationParser;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NotificationSplitterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final NotificationSplitter splitter = new NotificationSplitter();

    @Test
    void writesOneRecordPerObjectEventOfAMultiRecordMessageInMessageOrder() {
        List<NotificationSplitter.Part> parts = split(records(
                record("photos", "a.jpg", "e1", "0055AED6DCD90281E5"),
                record("photos", "b.jpg", "e2", "0055AED6DCD90281E6"),
                record("other", "a.jpg", "e3", "0055AED6DCD90281E7")));

        assertThat(parts)
                .extracting(NotificationSplitter.Part::key)
                .containsExactly("photos/a.jpg", "photos/b.jpg", "other/a.jpg");
    }

    @Test
    void keysEachRecordByBucketAndUrlDecodedKey() {
        List<NotificationSplitter.Part> parts =
                split(records(record("photos", "2024/cat+1%2B2%C3%A9.jpg", "e1", "0A")));

        assertThat(parts).extracting(NotificationSplitter.Part::key).containsExactly("photos/2024/cat 1+2é.jpg");
    }

    @Test
    void valueIsAnS3MessageHoldingTheRecordExactlyAsSent() throws IOException {
        String second = record("photos", "b+c.jpg", "e2", "0055AED6DCD90281E6");

        List<NotificationSplitter.Part> parts =
                split(records(record("photos", "a.jpg", "e1", "0055AED6DCD90281E5"), second));

        assertThat(JSON.readTree(parts.get(1).value())).isEqualTo(JSON.readTree(records(second)));
    }

    @Test
    void everyValueIsReadBySeqgateAsExactlyOneEventUnderTheRecordKey() {
        List<String> messages = List.of(
                records(record("photos", "a+b.jpg", "e1", "0A"), record("photos", "c.jpg", "e2", "0B")),
                sns(records(record("photos", "d%2Fe.jpg", "e3", "0C"))),
                eventBridgeCreated("photos", "f+g.jpg", "e4", "0D"));
        NotificationParser parser = new NotificationParser();

        for (String message : messages) {
            for (NotificationSplitter.Part part : split(message)) {
                Notification read = parser.parse(part.value());
                assertThat(read.events())
                        .as("events in %s", new String(part.value(), UTF_8))
                        .hasSize(1);
                assertThat(read.events().get(0).objectKey()).isEqualTo(part.key());
            }
        }
    }

    @Test
    void unwrapsAnSnsEnvelopeIntoS3MessagesWithTheEnvelopeInHeaders() throws IOException {
        String inner = record("photos", "a.jpg", "e1", "0A");

        List<NotificationSplitter.Part> parts = split(sns(records(inner, record("photos", "b.jpg", "e2", "0B"))));

        assertThat(parts).extracting(NotificationSplitter.Part::key).containsExactly("photos/a.jpg", "photos/b.jpg");
        assertThat(JSON.readTree(parts.get(0).value())).isEqualTo(JSON.readTree(records(inner)));
        assertThat(parts.get(0).headers())
                .isEqualTo(Map.of(
                        NotificationSplitter.SNS_TOPIC_ARN, "arn:aws:sns:eu-west-1:123456789012:seqgate-s3",
                        NotificationSplitter.SNS_MESSAGE_ID, "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324"));
    }

    @Test
    void passesAnEventBridgeEventOnUnchangedKeyedByItsObject() {
        String event = eventBridgeCreated("photos", "cat+1 100%.jpg", "e1", "0A");

        List<NotificationSplitter.Part> parts = split(event);

        assertThat(parts).singleElement().satisfies(part -> {
            assertThat(part.key()).as("EventBridge sends the key as it is").isEqualTo("photos/cat+1 100%.jpg");
            assertThat(new String(part.value(), UTF_8)).isEqualTo(event);
        });
    }

    @Test
    void passesTheS3TestEventOnKeyedByItsBucket() {
        String event = testEvent("photos");

        assertThat(split(event)).singleElement().satisfies(part -> {
            assertThat(part.key()).isEqualTo("photos");
            assertThat(new String(part.value(), UTF_8)).isEqualTo(event);
        });
    }

    @Test
    void passesATestEventInsideSnsOnWithoutItsEnvelope() {
        String event = testEvent("photos");

        assertThat(split(sns(event))).singleElement().satisfies(part -> {
            assertThat(part.key()).isEqualTo("photos");
            assertThat(new String(part.value(), UTF_8)).isEqualTo(event);
        });
    }

    @Test
    void rejectsAMessageSeqgateCannotReadNamingTheField() {
        String missingKey = records(
                record("photos", "a.jpg", "e1", "0A"),
                "{\"eventName\":\"ObjectCreated:Put\",\"s3\":" + "{\"bucket\":{\"name\":\"photos\"},\"object\":{}}}");

        assertThatThrownBy(() -> split(missingKey))
                .isInstanceOf(InvalidNotificationException.class)
                .hasMessageContaining("Records[1].s3.object.key is missing");
    }

    @Test
    void rejectsAMessageThatIsNotJson() {
        assertThatThrownBy(() -> split("<xml/>"))
                .isInstanceOf(InvalidNotificationException.class)
                .hasMessageContaining("not JSON");
    }

    private List<NotificationSplitter.Part> split(String body) {
        return splitter.split(body.getBytes(UTF_8));
    }
}
