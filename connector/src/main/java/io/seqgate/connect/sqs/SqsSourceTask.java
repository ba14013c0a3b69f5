package io.seqgate.connect.sqs;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.seqgate.event.InvalidNotificationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

/**
 * Long-polls the queue, turns every message into records ({@link NotificationSplitter}), and deletes a
 * message once Kafka acknowledged all of its records ({@link #commitRecord}). A crash anywhere before
 * that leaves the message in the queue; it comes back after its visibility timeout and is written
 * again, which seqgate answers with DUPLICATE. So the queue is emptied at least once, never at most once.
 */
public final class SqsSourceTask extends SourceTask {

    static final String VERSION = versionOf(SqsSourceTask.class);
    /** Header: the SQS message id the record was made from. */
    static final String SQS_MESSAGE_ID = "sqs.message.id";
    /** Header: how often SQS has handed out that message (ApproximateReceiveCount); above 1 means redelivered. */
    static final String SQS_RECEIVE_COUNT = "sqs.receive.count";
    // The dead-letter headers seqgate itself writes (docs/operations.md, "Topics"), so that one reader serves both.
    static final String ERROR_KIND = "seqgate.error.kind";
    static final String ERROR_REASON = "seqgate.error.reason";
    static final String ERROR_ORIGIN = "seqgate.error.origin";
    static final String KIND_UNPARSEABLE = "unparseable";

    private static final Logger LOG = LoggerFactory.getLogger(SqsSourceTask.class);
    private static final AtomicInteger TASKS = new AtomicInteger();

    private final NotificationSplitter splitter = new NotificationSplitter();
    private SqsSourceConfig config;
    private SqsClient sqs;
    private MessageDeleter deleter;
    private ReceiveMessageRequest receive;
    private Map<String, String> sourcePartition;

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public void start(Map<String, String> props) {
        config = new SqsSourceConfig(props);
        sqs = client(config);
        receive = ReceiveMessageRequest.builder()
                .queueUrl(config.queueUrl())
                .maxNumberOfMessages(config.maxMessages())
                .waitTimeSeconds(config.waitTimeSeconds())
                .visibilityTimeout(config.visibilityTimeoutSeconds())
                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)
                .build();
        // Offsets mean nothing to a queue; the partition names it so the offsets topic says where records came from.
        sourcePartition = Map.of("queue", config.queueUrl());
        deleter = new MessageDeleter(sqs, config.queueUrl(), "seqgate-sqs-delete-" + TASKS.incrementAndGet());
        LOG.info(
                "Receiving from {} ({} messages per call, {} s long poll, {} s visibility) into topic {}",
                config.queueUrl(),
                config.maxMessages(),
                config.waitTimeSeconds(),
                config.visibilityTimeoutSeconds(),
                config.topic());
    }

    static SqsClient client(SqsSourceConfig config) {
        SqsClientBuilder builder = SqsClient.builder()
                .region(Region.of(config.region()))
                // Named, not discovered: the SDK's service lookup need not see a plugin's class loader.
                .httpClientBuilder(Apache5HttpClient.builder());
        if (config.endpointOverride() != null) {
            builder.endpointOverride(config.endpointOverride());
        }
        Password secret = config.secretAccessKey();
        if (config.accessKeyId() != null && secret != null) {
            builder.credentialsProvider(
                    StaticCredentialsProvider.create(AwsBasicCredentials.create(config.accessKeyId(), secret.value())));
        }
        return builder.build();
    }

    @Override
    public List<SourceRecord> poll() {
        List<Message> messages;
        try {
            messages = sqs.receiveMessage(receive).messages();
        } catch (SdkException e) {
            // Connect logs a RetriableException from poll and polls again.
            throw new RetriableException("cannot receive from " + config.queueUrl() + ": " + e.getMessage(), e);
        }
        if (messages.isEmpty()) {
            return null;
        }
        List<SourceRecord> records = new ArrayList<>();
        for (Message message : messages) {
            records.addAll(toRecords(message));
        }
        return records;
    }

    private List<SourceRecord> toRecords(Message message) {
        byte[] body = message.body().getBytes(UTF_8);
        List<NotificationSplitter.Part> parts;
        try {
            parts = splitter.split(body);
        } catch (InvalidNotificationException e) {
            return unparseable(message, body, e);
        }
        PendingMessage pending = new PendingMessage(message.messageId(), message.receiptHandle(), parts.size());
        List<SourceRecord> records = new ArrayList<>(parts.size());
        for (NotificationSplitter.Part part : parts) {
            ConnectHeaders headers = sqsHeaders(message);
            part.headers().forEach(headers::addString);
            records.add(new SqsSourceRecord(
                    pending, sourcePartition, offset(message), config.topic(), part.key(), part.value(), headers));
        }
        return records;
    }

    /**
     * Connect's {@code errors.tolerance} decides: {@code none} stops the task with the message left in
     * the queue (SQS's redrive policy can move it to the queue's own dead-letter queue); {@code all}
     * writes it to the dead-letter topic, or logs and deletes it when there is none.
     */
    private List<SourceRecord> unparseable(Message message, byte[] body, InvalidNotificationException e) {
        String origin = "sqs " + config.queueUrl() + " message " + message.messageId();
        if (!config.toleratesErrors()) {
            throw new ConnectException(
                    "SQS message " + message.messageId() + " is not a notification seqgate reads: "
                            + e.getMessage() + ". It stays in the queue; set errors.tolerance=all and "
                            + SqsSourceConfig.DLQ_TOPIC + " to set such messages aside instead of stopping",
                    e);
        }
        String dlq = config.deadLetterTopic();
        if (dlq == null) {
            LOG.warn(
                    "Dropped SQS message {}, not a notification seqgate reads (errors.tolerance=all, no {}): {}",
                    message.messageId(),
                    SqsSourceConfig.DLQ_TOPIC,
                    e.getMessage());
            deleter.delete(new PendingMessage(message.messageId(), message.receiptHandle(), 0));
            return List.of();
        }
        LOG.warn(
                "SQS message {} is not a notification seqgate reads; writing it to {}: {}",
                message.messageId(),
                dlq,
                e.getMessage());
        ConnectHeaders headers = sqsHeaders(message);
        headers.addString(ERROR_KIND, KIND_UNPARSEABLE);
        headers.addString(ERROR_REASON, e.getMessage());
        headers.addString(ERROR_ORIGIN, origin);
        PendingMessage pending = new PendingMessage(message.messageId(), message.receiptHandle(), 1);
        return List.of(new SqsSourceRecord(pending, sourcePartition, offset(message), dlq, null, body, headers));
    }

    private static ConnectHeaders sqsHeaders(Message message) {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString(SQS_MESSAGE_ID, message.messageId());
        String receiveCount = message.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
        if (receiveCount != null) {
            headers.addString(SQS_RECEIVE_COUNT, receiveCount);
        }
        return headers;
    }

    private static Map<String, String> offset(Message message) {
        return Map.of("messageId", message.messageId());
    }

    /**
     * Called once Kafka acknowledged the record, or with null metadata when the record was not written:
     * dropped by a transformation, or a failed send that {@code errors.tolerance=all} lets Connect skip.
     * Only an acknowledged record counts; a message with a record that was not written stays in the
     * queue and comes back after the visibility timeout.
     */
    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) {
        if (!(record instanceof SqsSourceRecord sqsRecord)) {
            return;
        }
        PendingMessage message = sqsRecord.message();
        if (metadata == null) {
            LOG.warn(
                    "A record of SQS message {} was not written to Kafka (dropped by a transformation, or its send "
                            + "failed under errors.tolerance=all); the message stays in the queue and comes back after the "
                            + "visibility timeout",
                    message.messageId());
            return;
        }
        if (message.recordDone()) {
            deleter.delete(message);
        }
    }

    @Override
    public void stop() {
        if (deleter != null) {
            deleter.close();
        }
        if (sqs != null) {
            sqs.close();
        }
    }

    private static String versionOf(Class<?> type) {
        String version = type.getPackage() == null ? null : type.getPackage().getImplementationVersion();
        return version == null ? "unknown" : version;
    }
}
