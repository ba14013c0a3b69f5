package io.seqgate.config;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How this instance joins Kafka and runs Kafka Streams (turned into Streams properties by
 * {@code runtime/StreamsProperties}).
 *
 * @param applicationId     {@code SEQGATE_APPLICATION_ID}: the consumer group, and the prefix of the
 *                          internal topics
 * @param bootstrapServers  {@code SEQGATE_BOOTSTRAP_SERVERS}
 * @param applicationServer {@code SEQGATE_APPLICATION_SERVER}: {@code host:port} the other instances
 *                          reach this one's HTTP API at, or null to derive it from the HTTP address
 * @param sessionTimeout    {@code SEQGATE_SESSION_TIMEOUT}: how soon a dead instance is noticed
 * @param groupInstanceId   {@code SEQGATE_GROUP_INSTANCE_ID}: static group membership, or null
 * @param stateDir          {@code SEQGATE_STATE_DIR}: where the RocksDB stores live
 * @param overrides         the {@code KAFKA_STREAMS_*} pass-through, as Streams property names
 */
public record StreamsSettings(
        String applicationId,
        String bootstrapServers,
        String applicationServer,
        Duration sessionTimeout,
        String groupInstanceId,
        String stateDir,
        Map<String, String> overrides) {

    public StreamsSettings {
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(sessionTimeout, "sessionTimeout");
        Objects.requireNonNull(stateDir, "stateDir");
        overrides = Map.copyOf(overrides);
    }
}
