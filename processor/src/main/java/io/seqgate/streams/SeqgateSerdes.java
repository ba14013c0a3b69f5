package io.seqgate.streams;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seqgate.event.EventKind;
import io.seqgate.event.ObjectEvent;
import io.seqgate.outcome.Decision;
import io.seqgate.outcome.Outcome;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Every serde seqgate writes with. Hot state ({@link ObjectState}, read and written for every
 * event, restored from the changelog after a crash) and the rare repartitioned event use a compact
 * versioned binary encoding; outcomes, which people read, are JSON.
 */
public final class SeqgateSerdes {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte STATE_V1 = 1;
    private static final byte EVENT_V1 = 1;

    private SeqgateSerdes() {
    }

    public static Serde<ObjectState> objectState() {
        return Serdes.serdeFrom(binary(SeqgateSerdes::writeState), binaryReader(SeqgateSerdes::readState));
    }

    public static Serde<ObjectEvent> objectEvent() {
        return Serdes.serdeFrom(binary(SeqgateSerdes::writeEvent), binaryReader(SeqgateSerdes::readEvent));
    }

    public static Serde<Outcome> outcome() {
        Serializer<Outcome> serializer = (topic, outcome) -> {
            try {
                return outcome == null ? null : JSON.writeValueAsBytes(outcome);
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

    private static void writeState(ObjectState s, DataOutputStream out) throws IOException {
        out.writeByte(STATE_V1);
        writeNullable(out, s.sequencer());
        writeNullable(out, s.eventName());
        writeNullable(out, s.eTag());
        writeNullable(out, s.versionId());
        out.writeLong(s.eventTimeMs());
        out.writeByte(s.outcome().code());
        writeNullable(out, s.reason());
        out.writeLong(s.accepted());
        out.writeLong(s.duplicates());
        out.writeLong(s.stale());
        out.writeLong(s.updatedAtMs());
    }

    private static ObjectState readState(DataInputStream in) throws IOException {
        expectVersion(in.readByte(), STATE_V1, "object state");
        return new ObjectState(readNullable(in), readNullable(in), readNullable(in), readNullable(in),
                in.readLong(), Decision.ofCode(in.readByte()), readNullable(in),
                in.readLong(), in.readLong(), in.readLong(), in.readLong());
    }

    private static void writeEvent(ObjectEvent e, DataOutputStream out) throws IOException {
        out.writeByte(EVENT_V1);
        out.writeUTF(e.bucket());
        out.writeUTF(e.key());
        out.writeUTF(e.eventName());
        out.writeByte(e.kind().ordinal());
        writeNullable(out, e.sequencer());
        writeNullable(out, e.eTag());
        writeNullable(out, e.versionId());
        out.writeLong(e.size() == null ? -1 : e.size());
        writeNullable(out, e.contentType());
        out.writeLong(e.eventTime() == null ? Long.MIN_VALUE : e.eventTime().toEpochMilli());
        out.writeUTF(e.source());
    }

    private static ObjectEvent readEvent(DataInputStream in) throws IOException {
        expectVersion(in.readByte(), EVENT_V1, "object event");
        String bucket = in.readUTF();
        String key = in.readUTF();
        String eventName = in.readUTF();
        EventKind kind = EventKind.values()[in.readByte()];
        String sequencer = readNullable(in);
        String eTag = readNullable(in);
        String versionId = readNullable(in);
        long size = in.readLong();
        String contentType = readNullable(in);
        long eventTime = in.readLong();
        String source = in.readUTF();
        return new ObjectEvent(bucket, key, eventName, kind, sequencer, eTag, versionId,
                size < 0 ? null : size, contentType,
                eventTime == Long.MIN_VALUE ? null : Instant.ofEpochMilli(eventTime), source);
    }

    private static void expectVersion(byte found, byte expected, String what) {
        if (found != expected) {
            throw new SerializationException("unknown " + what + " encoding version " + found
                    + " (this release reads version " + expected + ")");
        }
    }

    private static void writeNullable(DataOutputStream out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private interface Writer<T> {
        void write(T value, DataOutputStream out) throws IOException;
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static <T> Serializer<T> binary(Writer<T> writer) {
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                writer.write(value, out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        };
    }

    private static <T> Deserializer<T> binaryReader(Reader<T> reader) {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
                return reader.read(in);
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("cannot decode " + bytes.length + " bytes from " + topic, e);
            }
        };
    }
}
