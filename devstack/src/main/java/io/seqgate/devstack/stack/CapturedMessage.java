package io.seqgate.devstack.stack;

import java.util.Objects;

/**
 * One notification as the notifier sent it: enough to send it again, to the same partition, later
 * (e.g. through {@code seqgate replay}).
 *
 * @param topic     topic it was sent to
 * @param partition partition it was sent to
 * @param key       Kafka key, {@code bucket/<decoded key>}
 * @param value     the MinIO-shaped JSON
 */
public record CapturedMessage(String topic, int partition, String key, String value) {

    public CapturedMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }
}
