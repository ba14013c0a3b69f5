package io.seqgate.streams.serde;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.seqgate.outcome.Outcome;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/** Outcomes as JSON: people read them, on the outcomes topic and over HTTP. */
final class OutcomeSerde {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectWriter WRITER = JSON.writerFor(Outcome.class);

    private OutcomeSerde() {}

    static Serde<Outcome> serde() {
        Serializer<Outcome> serializer = (topic, outcome) -> {
            try {
                return outcome == null ? null : WRITER.writeValueAsBytes(outcome);
            } catch (JsonProcessingException e) {
                throw new SerializationException("cannot write outcome as JSON", e);
            }
        };
        Deserializer<Outcome> deserializer = (topic, bytes) -> {
            try {
                return bytes == null ? null : JSON.readValue(bytes, Outcome.class);
            } catch (IOException e) {
                throw new SerializationException("cannot read outcome JSON", e);
            }
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
