package io.seqgate.streams;

import java.util.Optional;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Where an accepted event was read: kept with a pending sink job, so that the dead-letter copy of a
 * FAILED event names the record it came from even though its result is recorded later, in another
 * transaction.
 */
public record RecordOrigin(String topic, int partition, long offset) implements RecordMetadata {

    /** The record being processed now, or null when there is none (a punctuation). */
    public static RecordOrigin of(Optional<RecordMetadata> metadata) {
        return metadata.map(m -> new RecordOrigin(m.topic(), m.partition(), m.offset()))
                .orElse(null);
    }
}
