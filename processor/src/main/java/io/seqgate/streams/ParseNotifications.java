package io.seqgate.streams;

import io.seqgate.event.EventKind;
import io.seqgate.event.InvalidNotificationException;
import io.seqgate.event.Location;
import io.seqgate.event.LogSafe;
import io.seqgate.event.Notice;
import io.seqgate.event.Notification;
import io.seqgate.event.NotificationParser;
import io.seqgate.event.ObjectEvent;
import io.seqgate.outcome.DeadLetterKinds;
import io.seqgate.outcome.Decision;
import io.seqgate.outcome.Outcome;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one input message into one record per object event, keyed {@code bucket/key}. A message
 * that cannot be parsed becomes one {@link Parsed.Invalid} and the stream goes on.
 *
 * <p>What cannot change an output ends here as IGNORED, before the gate and before the ungated
 * pass-through alike: an event of {@link EventKind#OTHER} kind (restore, tagging, retention, a delete
 * of nothing, ...: it must not raise the stored sequencer) and an object outside the input locations.
 *
 * <p>An event is marked direct when its record is already where the gate needs it: keyed exactly
 * {@code bucket/key} (MinIO's Kafka target keys that way) and on the partition the configured
 * {@link KeyPartitioning} gives for that key. Anything else — a null key, an AWS connector's key,
 * several records in one message, a producer that partitions differently than configured — takes
 * the repartition hop, so the events of one object always meet in one task.
 */
final class ParseNotifications implements Processor<byte[], byte[], String, Parsed> {

    private static final Logger LOG = LoggerFactory.getLogger(ParseNotifications.class);

    private final NotificationParser parser;
    private final KeyPartitioning partitioning;
    private final int inputPartitions;
    private final List<Location> inputs;
    private final Location output;
    private final String instance;
    private ProcessorContext<String, Parsed> context;

    ParseNotifications(
            NotificationParser parser,
            KeyPartitioning partitioning,
            int inputPartitions,
            List<Location> inputs,
            Location output,
            String instance) {
        this.parser = parser;
        this.partitioning = partitioning;
        this.inputPartitions = inputPartitions;
        this.inputs = inputs;
        this.output = output;
        this.instance = instance;
    }

    @Override
    public void init(ProcessorContext<String, Parsed> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        Notification notification;
        try {
            notification = parser.parse(record.value());
        } catch (InvalidNotificationException e) {
            RecordMetadata origin = context.recordMetadata().orElse(null);
            LOG.warn(
                    "Unparseable message at {} sent to the dead-letter topic: {}",
                    where(origin),
                    LogSafe.of(e.getMessage()));
            String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
            context.forward(new Record<String, Parsed>(
                    key,
                    new Parsed.Invalid(record.key(), record.value(), e.getMessage()),
                    record.timestamp(),
                    DeadLetters.headers(DeadLetterKinds.UNPARSEABLE, e.getMessage(), null, origin)));
            return;
        }
        long now = context.currentSystemTimeMs();
        for (Notice notice : notification.notices()) {
            Outcome outcome = new Outcome(
                    notice.bucket(),
                    null,
                    null,
                    null,
                    notice.eventName(),
                    Decision.IGNORED,
                    notice.reason(),
                    instance,
                    null,
                    Instant.ofEpochMilli(now).toString(),
                    null,
                    null,
                    null);
            context.forward(record.withKey(notice.bucket()).withValue(new Parsed.Notice(outcome)));
        }
        for (ObjectEvent event : notification.events()) {
            String ignored = whyIgnored(event);
            Parsed parsed = ignored != null
                    ? new Parsed.Notice(ignoredOutcome(event, ignored, now))
                    : new Parsed.Event(event, isDirect(record, event));
            context.forward(record.withKey(event.objectKey()).withValue(parsed));
        }
    }

    private String whyIgnored(ObjectEvent event) {
        if (output != null && output.contains(event.bucket(), event.key())) {
            return "object is in the output location " + output + ": seqgate does not process its own output";
        }
        if (!inputs.isEmpty() && !inInputs(event)) {
            return "object is outside the input locations " + inputs;
        }
        if (event.kind() == EventKind.OTHER) {
            return "event type " + event.eventName() + " does not change the object's content";
        }
        return null;
    }

    private boolean inInputs(ObjectEvent event) {
        for (Location input : inputs) {
            if (input.contains(event.bucket(), event.key())) {
                return true;
            }
        }
        return false;
    }

    private Outcome ignoredOutcome(ObjectEvent event, String reason, long now) {
        return Verdict.decided(event, Decision.IGNORED, reason, now).toOutcome(instance);
    }

    private boolean isDirect(Record<byte[], byte[]> record, ObjectEvent event) {
        byte[] expected = event.objectKey().getBytes(StandardCharsets.UTF_8);
        if (record.key() == null || !java.util.Arrays.equals(record.key(), expected)) {
            return false;
        }
        return context.recordMetadata()
                .map(m -> inputPartitions <= 0 || m.partition() == partitioning.partition(expected, inputPartitions))
                .orElse(false);
    }

    private static String where(RecordMetadata m) {
        return m == null ? "(unknown)" : m.topic() + "-" + m.partition() + "@" + m.offset();
    }
}
