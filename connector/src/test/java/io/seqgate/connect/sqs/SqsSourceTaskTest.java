package io.seqgate.connect.sqs;

import static io.seqgate.connect.sqs.Samples.record;
import static io.seqgate.connect.sqs.Samples.records;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.seqgate.event.InvalidNotificationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The task against ElasticMQ, a real SQS API: what it receives, and when it deletes. */
class SqsSourceTaskTest {

    private static final AtomicInteger QUEUES = new AtomicInteger();
    private static InProcessSqs sqs;

    private final SqsSourceTask task = new SqsSourceTask();
    private String queueUrl;

    @BeforeAll
    static void startSqs() {
        sqs = InProcessSqs.start();
    }

    @AfterAll
    static void stopSqs() {
        sqs.close();
    }

    @AfterEach
    void stopTask() {
        task.stop();
    }

    @Test
    void deletesAMessageOnlyAfterKafkaAcknowledgedEveryRecordMadeFromIt() {
        start(Map.of());
        send(records(record("photos", "a.jpg", "e1", "0A"), record("photos", "b.jpg", "e2", "0B")));
        List<SourceRecord> received = receive(2);

        task.commitRecord(received.get(0), acknowledged());
        assertThat(sqs.messagesLeft(queueUrl))
                .as("messages left after one of two records was acknowledged")
                .isEqualTo(1);

        task.commitRecord(received.get(1), acknowledged());
        await().atMost(Duration.ofSeconds(10)).until(() -> sqs.messagesLeft(queueUrl) == 0);
    }

    @Test
    void writesEachObjectEventToTheTopicKeyedBucketSlashKeyWithItsSqsMessageId() {
        start(Map.of(SqsSourceConfig.TOPIC, "notifications"));
        String id = send(records(record("photos", "cat+1.jpg", "e1", "0A")));

        SourceRecord received = receive(1).get(0);

        assertThat(received.topic()).isEqualTo("notifications");
        assertThat(received.key()).isEqualTo("photos/cat 1.jpg");
        assertThat(received.headers().lastWithName(SqsSourceTask.SQS_MESSAGE_ID).value())
                .isEqualTo(id);
        assertThat(received.headers()
                        .lastWithName(SqsSourceTask.SQS_RECEIVE_COUNT)
                        .value())
                .isEqualTo("1");
    }

    @Test
    void keepsAMessageWhoseRecordConnectDidNotWriteAndReceivesItAgain() {
        start(Map.of(SqsSourceConfig.VISIBILITY_TIMEOUT_SECONDS, "1"));
        send(records(record("photos", "a.jpg", "e1", "0A")));
        SourceRecord first = receive(1).get(0);

        task.commitRecord(first, null);

        SourceRecord again = receive(1).get(0);
        assertThat(again.key()).isEqualTo(first.key());
        assertThat(again.headers().lastWithName(SqsSourceTask.SQS_RECEIVE_COUNT).value())
                .isEqualTo("2");
    }

    @Test
    void stopsOnAnUnparseableMessageWithoutErrorToleranceAndLeavesItInTheQueue() {
        start(Map.of());
        send("not a notification");

        assertThatThrownBy(() -> await().atMost(Duration.ofSeconds(10)).until(() -> task.poll() != null))
                .isInstanceOf(ConnectException.class)
                .hasCauseInstanceOf(InvalidNotificationException.class)
                .hasMessageContaining("not JSON");
        assertThat(sqs.messagesLeft(queueUrl)).isEqualTo(1);
    }

    @Test
    void writesAnUnparseableMessageToTheDeadLetterTopicUnderErrorToleranceAllAndDeletesItOnceWritten() {
        start(Map.of(SqsSourceConfig.ERRORS_TOLERANCE, "all", SqsSourceConfig.DLQ_TOPIC, "s3-events-dlq"));
        send("not a notification");

        SourceRecord dead = receive(1).get(0);

        assertThat(dead.topic()).isEqualTo("s3-events-dlq");
        assertThat(new String((byte[]) dead.value(), UTF_8)).isEqualTo("not a notification");
        assertThat(dead.headers().lastWithName(SqsSourceTask.ERROR_KIND).value())
                .isEqualTo("unparseable");
        assertThat((String)
                        dead.headers().lastWithName(SqsSourceTask.ERROR_REASON).value())
                .contains("not JSON");
        assertThat(sqs.messagesLeft(queueUrl))
                .as("left before Kafka acknowledged the dead letter")
                .isEqualTo(1);
        task.commitRecord(dead, acknowledged());
        await().atMost(Duration.ofSeconds(10)).until(() -> sqs.messagesLeft(queueUrl) == 0);
    }

    private void start(Map<String, String> overrides) {
        queueUrl = sqs.createQueue("task-test-" + QUEUES.incrementAndGet());
        Map<String, String> props = new HashMap<>(Map.of(
                SqsSourceConfig.QUEUE_URL,
                queueUrl,
                SqsSourceConfig.REGION,
                InProcessSqs.REGION,
                SqsSourceConfig.ENDPOINT_OVERRIDE,
                sqs.endpoint().toString(),
                SqsSourceConfig.ACCESS_KEY_ID,
                InProcessSqs.ACCESS_KEY,
                SqsSourceConfig.SECRET_ACCESS_KEY,
                InProcessSqs.SECRET_KEY,
                SqsSourceConfig.WAIT_TIME_SECONDS,
                "1"));
        props.putAll(overrides);
        task.start(props);
    }

    private String send(String body) {
        return sqs.client()
                .sendMessage(b -> b.queueUrl(queueUrl).messageBody(body))
                .messageId();
    }

    /** Polls until {@code count} records came, as Connect's worker loop would. */
    private List<SourceRecord> receive(int count) {
        List<SourceRecord> received = new ArrayList<>();
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            List<SourceRecord> batch = task.poll();
            if (batch != null) {
                received.addAll(batch);
            }
            return received.size() >= count;
        });
        assertThat(received).hasSize(count);
        return received;
    }

    private static RecordMetadata acknowledged() {
        return new RecordMetadata(new TopicPartition("s3-events", 0), 0L, 0, 0L, 0, 0);
    }
}
