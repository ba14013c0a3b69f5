package io.seqgate.config;

import io.seqgate.streams.KeyPartitioning;
import java.time.Duration;
import java.util.Objects;

/**
 * How events are gated (docs/design.md §2).
 *
 * @param inputPartitioning {@code SEQGATE_INPUT_PARTITIONER}: how the input's producer placed keys
 * @param coordination      {@code SEQGATE_COORDINATION} (alias {@code COORDINATION}): false for the
 *                          naive baseline, no gate and unconditional writes
 * @param stateRetention    {@code SEQGATE_STATE_RETENTION}: how long an object's highest sequencer is
 *                          kept after its last event
 * @param purgeInterval     {@code SEQGATE_PURGE_INTERVAL}: how often expired entries are purged
 */
public record GateSettings(
        KeyPartitioning inputPartitioning, boolean coordination, Duration stateRetention, Duration purgeInterval) {

    public GateSettings {
        Objects.requireNonNull(inputPartitioning, "inputPartitioning");
        Objects.requireNonNull(stateRetention, "stateRetention");
        Objects.requireNonNull(purgeInterval, "purgeInterval");
    }
}
