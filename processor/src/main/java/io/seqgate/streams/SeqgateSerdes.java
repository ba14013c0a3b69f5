package io.seqgate.streams;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seqgate.event.EventKind;
import io.seqgate.event.ObjectEvent;
import io.seqgate.outcome.Decision;
import io.seqgate.outcome.Outcome;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
 *
 * <p>Version 2 of both encodings writes each string as its UTF-8 bytes after a variable-length
 * count, so no length can make the serializer throw; version 1 used {@code writeUTF}, which throws
 * above 65,535 bytes, inside a serializer, where the only outcome is a dead letter. The state's version 2
 * also records whether the stored event was a remove. Version 1 is still read: a changelog or a
 * repartition topic written by an older release restores as it was.
 */
public final class SeqgateSerdes {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte STATE_V1 = 1;
    private static final byte STATE_V2 = 2;
    private static final byte EVENT_V1 = 1;
    private static final byte EVENT_V2 = 2;

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
        out.writeByte(STATE_V2);
        writeNullable(out, s.sequencer());
        writeNullable(out, s.eventName());
        writeNullable(out, s.eTag());
        writeNullable(out, s.versionId());
        out.writeBoolean(s.removed());
        out.writeLong(s.eventTimeMs());
        out.writeByte(s.outcome().code());
        writeNullable(out, s.reason());
        out.writeLong(s.accepted());
        out.writeLong(s.duplicates());
        out.writeLong(s.stale());
        out.writeLong(s.updatedAtMs());
    }

    private static ObjectState readState(DataInputStream in) throws IOException {
        byte version = in.readByte();
        return switch (version) {
            case STATE_V2 -> new ObjectState(readNullable(in), readNullable(in), readNullable(in), readNullable(in),
                    in.readBoolean(), in.readLong(), Decision.ofCode(in.readByte()), readNullable(in),
                    in.readLong(), in.readLong(), in.readLong(), in.readLong());
            case STATE_V1 -> readStateV1(in);
            default -> throw unknownVersion(version, "object state", STATE_V1, STATE_V2);
        };
    }

    private static ObjectState readStateV1(DataInputStream in) throws IOException {
        String sequencer = readNullableV1(in);
        String eventName = readNullableV1(in);
        return new ObjectState(sequencer, eventName, readNullableV1(in), readNullableV1(in),
                wasRemove(eventName), in.readLong(), Decision.ofCode(in.readByte()), readNullableV1(in),
                in.readLong(), in.readLong(), in.readLong(), in.readLong());
    }

    /**
     * Version 1 did not record the kind, but it stored the event's name: a name EventKind reads as a
     * remove, or the name the parser builds for an EventBridge "Object Deleted" event.
     */
    private static boolean wasRemove(String eventName) {
        return eventName != null
                && (EventKind.ofEventName(eventName) == EventKind.REMOVED || eventName.startsWith("ObjectDeleted"));
    }

    private static void writeEvent(ObjectEvent e, DataOutputStream out) throws IOException {
        out.writeByte(EVENT_V2);
        writeString(out, e.bucket());
        writeString(out, e.key());
        writeString(out, e.eventName());
        out.writeByte(e.kind().code());
        writeNullable(out, e.sequencer());
        writeNullable(out, e.eTag());
        writeNullable(out, e.versionId());
        out.writeLong(e.size() == null ? -1 : e.size());
        writeNullable(out, e.contentType());
        out.writeLong(e.eventTime() == null ? Long.MIN_VALUE : e.eventTime().toEpochMilli());
        writeString(out, e.source());
    }

    private static ObjectEvent readEvent(DataInputStream in) throws IOException {
        byte version = in.readByte();
        return switch (version) {
            case EVENT_V2 -> readEvent(in, SeqgateSerdes::readString, SeqgateSerdes::readNullable);
            // Version 1 wrote the kind's ordinal, which equals its code.
            case EVENT_V1 -> readEvent(in, DataInput::readUTF, SeqgateSerdes::readNullableV1);
            default -> throw unknownVersion(version, "object event", EVENT_V1, EVENT_V2);
        };
    }

    private static ObjectEvent readEvent(DataInputStream in, Reader<String> string, Reader<String> nullable)
            throws IOException {
        String bucket = string.read(in);
        String key = string.read(in);
        String eventName = string.read(in);
        EventKind kind = EventKind.ofCode(in.readByte());
        String sequencer = nullable.read(in);
        String eTag = nullable.read(in);
        String versionId = nullable.read(in);
        long size = in.readLong();
        String contentType = nullable.read(in);
        long eventTime = in.readLong();
        String source = string.read(in);
        return new ObjectEvent(bucket, key, eventName, kind, sequencer, eTag, versionId,
                size < 0 ? null : size, contentType,
                eventTime == Long.MIN_VALUE ? null : Instant.ofEpochMilli(eventTime), source);
    }

    private static SerializationException unknownVersion(byte found, String what, byte oldest, byte newest) {
        return new SerializationException("unknown " + what + " encoding version " + found
                + " (this release reads versions " + oldest + " to " + newest + ")");
    }

    // Version 2 strings: the UTF-8 byte count as an unsigned LEB128 varint, then the bytes; a nullable
    // string counts one more, so that 0 means null. The parser admits no lone surrogates, so UTF-8
    // round-trips every string of an event.

    private static void writeString(DataOutputStream out, String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        writeVarint(out, bytes.length);
        out.write(bytes);
    }

    private static void writeNullable(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            writeVarint(out, 0);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        writeVarint(out, bytes.length + 1);
        out.write(bytes);
    }

    private static String readString(DataInputStream in) throws IOException {
        return utf8(in, readVarint(in));
    }

    private static String readNullable(DataInputStream in) throws IOException {
        int count = readVarint(in);
        return count == 0 ? null : utf8(in, count - 1);
    }

    private static String utf8(DataInputStream in, int length) throws IOException {
        if (length > in.available()) {
            throw new IOException("string of " + length + " bytes, but only " + in.available() + " left");
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private static void writeVarint(DataOutputStream out, int value) throws IOException {
        int rest = value;
        while ((rest & ~0x7F) != 0) {
            out.writeByte((rest & 0x7F) | 0x80);
            rest >>>= 7;
        }
        out.writeByte(rest);
    }

    private static int readVarint(DataInputStream in) throws IOException {
        int value = 0;
        for (int shift = 0; ; shift += 7) {
            int b = in.readUnsignedByte();
            // The fifth byte holds bits 28 to 30 of a non-negative int; more is corrupt data.
            if (shift == 28 && b > 0x07) {
                throw new IOException("length does not fit an int");
            }
            value |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
    }

    private static String readNullableV1(DataInputStream in) throws IOException {
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
