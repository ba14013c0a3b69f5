package io.seqgate.streams;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.seqgate.event.EventKind;
import io.seqgate.event.ObjectEvent;
import io.seqgate.outcome.Decision;
import io.seqgate.outcome.Outcome;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
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
 * also records whether the stored event was a remove. The state's version 3 stores the same fields in
 * about a third of the bytes (hex as bytes, codes for the usual event names and reasons, varints; see
 * below), since one entry per object is kept for the retention period in RocksDB and its changelog.
 * Versions 1 and 2 are still read: a changelog or a repartition topic written by an older release
 * restores as it was.
 */
public final class SeqgateSerdes {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectWriter OUTCOME_WRITER = JSON.writerFor(Outcome.class);
    private static final byte STATE_V1 = 1;
    private static final byte STATE_V2 = 2;
    private static final byte STATE_V3 = 3;
    private static final byte EVENT_V1 = 1;
    private static final byte EVENT_V2 = 2;

    private SeqgateSerdes() {}

    public static Serde<ObjectState> objectState() {
        return Serdes.serdeFrom(binary(SeqgateSerdes::writeState), binaryReader(SeqgateSerdes::readState));
    }

    public static Serde<ObjectEvent> objectEvent() {
        return Serdes.serdeFrom(binary(SeqgateSerdes::writeEvent), binaryReader(SeqgateSerdes::readEvent));
    }

    public static Serde<Outcome> outcome() {
        Serializer<Outcome> serializer = (topic, outcome) -> {
            try {
                return outcome == null ? null : OUTCOME_WRITER.writeValueAsBytes(outcome);
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
        out.writeByte(STATE_V3);
        HexCase sequencerCase = HexCase.of(s.sequencer());
        HexCase eTagCase = HexCase.of(s.eTag());
        boolean uuidVersion = isLowerCaseUuid(s.versionId());
        int flags = (s.removed() ? REMOVED : 0)
                | sequencerCase.bits << SEQUENCER_SHIFT
                | (s.eTag() == null ? 0 : eTagCase == HexCase.NONE ? FORM_TEXT : eTagCase.bits + 1) << ETAG_SHIFT
                | (s.versionId() == null ? 0 : uuidVersion ? FORM_UUID : FORM_TEXT) << VERSION_SHIFT;
        out.writeByte(flags);
        if (sequencerCase == HexCase.NONE) {
            writeNullable(out, s.sequencer());
        } else {
            writeHex(out, s.sequencer());
        }
        writeCoded(out, EVENT_NAMES.indexOf(s.eventName()) + 1, s.eventName());
        if (s.eTag() != null) {
            if (eTagCase == HexCase.NONE) {
                writeString(out, s.eTag());
            } else {
                writeHex(out, s.eTag());
            }
        }
        if (s.versionId() != null) {
            if (uuidVersion) {
                writeHex(out, s.versionId().replace("-", ""));
            } else {
                writeString(out, s.versionId());
            }
        }
        writeVarlong(out, zigzag(s.eventTimeMs()));
        // The last update follows the event by the pipeline's latency: a few bytes as a difference.
        writeVarlong(out, zigzag(s.updatedAtMs() - s.eventTimeMs()));
        out.writeByte(s.outcome().code());
        writeCoded(out, Reason.codeOf(s.reason(), s.sequencer()), s.reason());
        writeVarlong(out, s.accepted());
        writeVarlong(out, s.duplicates());
        writeVarlong(out, s.stale());
    }

    private static ObjectState readState(DataInputStream in) throws IOException {
        byte version = in.readByte();
        return switch (version) {
            case STATE_V3 -> readStateV3(in);
            case STATE_V2 ->
                new ObjectState(
                        readNullable(in),
                        readNullable(in),
                        readNullable(in),
                        readNullable(in),
                        in.readBoolean(),
                        in.readLong(),
                        Decision.ofCode(in.readByte()),
                        readNullable(in),
                        in.readLong(),
                        in.readLong(),
                        in.readLong(),
                        in.readLong());
            case STATE_V1 -> readStateV1(in);
            default -> throw unknownVersion(version, "object state", STATE_V1, STATE_V3);
        };
    }

    private static ObjectState readStateV3(DataInputStream in) throws IOException {
        int flags = in.readUnsignedByte();
        String sequencer = switch ((flags >>> SEQUENCER_SHIFT) & FORM_MASK) {
            case 0 -> readNullable(in);
            case 1 -> readHex(in, true);
            case 2 -> readHex(in, false);
            default -> throw new IOException("unknown sequencer form in flags " + flags);
        };
        int nameCode = readVarint(in);
        String eventName = nameCode == 0 ? readNullable(in) : listed(EVENT_NAMES, nameCode, "event name");
        String eTag = switch ((flags >>> ETAG_SHIFT) & FORM_MASK) {
            case 0 -> null;
            case FORM_TEXT -> readString(in);
            case 2 -> readHex(in, true);
            default -> readHex(in, false);
        };
        String versionId = switch ((flags >>> VERSION_SHIFT) & FORM_MASK) {
            case 0 -> null;
            case FORM_TEXT -> readString(in);
            case FORM_UUID -> uuid(readHex(in, false));
            default -> throw new IOException("unknown version id form in flags " + flags);
        };
        long eventTimeMs = unzigzag(readVarlong(in));
        long updatedAtMs = eventTimeMs + unzigzag(readVarlong(in));
        Decision outcome = Decision.ofCode(in.readByte());
        int reasonCode = readVarint(in);
        String reason = reasonCode == 0 ? readNullable(in) : Reason.text(reasonCode, sequencer);
        return new ObjectState(
                sequencer,
                eventName,
                eTag,
                versionId,
                (flags & REMOVED) != 0,
                eventTimeMs,
                outcome,
                reason,
                readVarlong(in),
                readVarlong(in),
                readVarlong(in),
                updatedAtMs);
    }

    private static ObjectState readStateV1(DataInputStream in) throws IOException {
        String sequencer = readNullableV1(in);
        String eventName = readNullableV1(in);
        return new ObjectState(
                sequencer,
                eventName,
                readNullableV1(in),
                readNullableV1(in),
                wasRemove(eventName),
                in.readLong(),
                Decision.ofCode(in.readByte()),
                readNullableV1(in),
                in.readLong(),
                in.readLong(),
                in.readLong(),
                in.readLong());
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
        return new ObjectEvent(
                bucket,
                key,
                eventName,
                kind,
                sequencer,
                eTag,
                versionId,
                size < 0 ? null : size,
                contentType,
                eventTime == Long.MIN_VALUE ? null : Instant.ofEpochMilli(eventTime),
                source);
    }

    // Version 3 of the state: one flags byte says how the sequencer, eTag and version id are stored
    // (hex digits packed two to a byte where the text is all hex of one case; a lower-case UUID as its
    // 16 bytes; otherwise UTF-8 text), well-known event names and the sink's usual reasons are a small
    // code, numbers are varints, and the last update is a difference from the event time. Every state
    // reads back exactly as it was written, so queries show the same text as before.

    private static final int REMOVED = 1;
    private static final int SEQUENCER_SHIFT = 2;
    private static final int ETAG_SHIFT = 4;
    private static final int VERSION_SHIFT = 6;
    private static final int FORM_MASK = 3;
    private static final int FORM_TEXT = 1;
    private static final int FORM_UUID = 2;

    /** Event names stored as their position + 1. Append only: the positions are part of the encoding. */
    private static final List<String> EVENT_NAMES = List.of(
            "ObjectCreated:Put",
            "ObjectCreated:Post",
            "ObjectCreated:Copy",
            "ObjectCreated:CompleteMultipartUpload",
            "ObjectRemoved:Delete",
            "ObjectRemoved:DeleteMarkerCreated",
            "ObjectRemoved:DeleteAllVersions",
            "LifecycleExpiration:Delete",
            "LifecycleExpiration:DeleteMarkerCreated",
            "LifecycleDelMarkerExpiration:Delete");

    /**
     * The reasons the gate and the sink give most often, stored as a code when the text is exactly the
     * template's (with the state's own sequencer where the template names it); any other reason is
     * stored as text. The texts follow {@link SequencerGate} and {@code S3ObjectSink}; should one of
     * them change, its states fall back to text (larger, still exact). Never renumber the codes.
     */
    private enum Reason {
        ACCEPTED(1, "accepted", false),
        WRITTEN(2, "wrote output from sequencer ", true),
        IN_PLACE(3, "output already in place: written from this version at sequencer ", true),
        DELETED(4, "deleted output", false),
        ALREADY_ABSENT(5, "output already absent", false),
        REWRITTEN_AFTER_REMOVE(
                6, "input still exists after this remove: output rewritten from its current version", false),
        IN_PLACE_AFTER_REMOVE(
                7, "input still exists after this remove: output already shows its current version", false),
        INPUT_NEWER(8, "input changed since this event: a newer version exists", false),
        INPUT_GONE(9, "input no longer exists", false),
        INPUT_REMOVED_AFTER_READ(10, "input was removed after this event was read", false),
        INPUT_CHANGED_AFTER_READ(11, "input changed after this event was read: a newer version is current", false);

        private final int code;
        private final String text;
        private final boolean endsWithSequencer;

        Reason(int code, String text, boolean endsWithSequencer) {
            this.code = code;
            this.text = text;
            this.endsWithSequencer = endsWithSequencer;
        }

        private String render(String sequencer) {
            return endsWithSequencer ? text + sequencer : text;
        }

        /** The code of {@code reason}, or 0 when it is not exactly one of the templates. */
        static int codeOf(String reason, String sequencer) {
            if (reason == null) {
                return 0;
            }
            for (Reason r : values()) {
                if (reason.startsWith(r.text) && reason.equals(r.render(sequencer))) {
                    return r.code;
                }
            }
            return 0;
        }

        static String text(int code, String sequencer) throws IOException {
            for (Reason r : values()) {
                if (r.code == code) {
                    return r.render(sequencer);
                }
            }
            throw new IOException("unknown reason code " + code);
        }
    }

    /** How a string of hex digits is stored: NONE when it is not all hex digits of one case. */
    private enum HexCase {
        NONE(0),
        UPPER(1),
        LOWER(2);

        final int bits;

        HexCase(int bits) {
            this.bits = bits;
        }

        static HexCase of(String value) {
            if (value == null || value.isEmpty()) {
                return NONE;
            }
            boolean upper = false;
            boolean lower = false;
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c >= 'A' && c <= 'F') {
                    upper = true;
                } else if (c >= 'a' && c <= 'f') {
                    lower = true;
                } else if (c < '0' || c > '9') {
                    return NONE;
                }
            }
            // Digits alone read back the same in either case.
            return upper && lower ? NONE : lower ? LOWER : UPPER;
        }
    }

    private static boolean isLowerCaseUuid(String value) {
        if (value == null || value.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = value.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    private static String uuid(String hex) throws IOException {
        if (hex.length() != 32) {
            throw new IOException("a UUID version id needs 32 hex digits, found " + hex.length());
        }
        return hex.substring(0, 8)
                + '-'
                + hex.substring(8, 12)
                + '-'
                + hex.substring(12, 16)
                + '-'
                + hex.substring(16, 20)
                + '-'
                + hex.substring(20);
    }

    /** The digit count as a varint, then the digits two to a byte, high nibble first (a last odd one padded). */
    private static void writeHex(DataOutputStream out, String hex) throws IOException {
        int digits = hex.length();
        writeVarint(out, digits);
        for (int i = 0; i < digits; i += 2) {
            int high = Character.digit(hex.charAt(i), 16);
            int low = i + 1 < digits ? Character.digit(hex.charAt(i + 1), 16) : 0;
            out.writeByte(high << 4 | low);
        }
    }

    private static String readHex(DataInputStream in, boolean upper) throws IOException {
        int digits = readVarint(in);
        int bytes = (digits + 1) / 2;
        if (bytes > in.available()) {
            throw new IOException(digits + " hex digits, but only " + in.available() + " bytes left");
        }
        String alphabet = upper ? "0123456789ABCDEF" : "0123456789abcdef";
        char[] hex = new char[digits];
        for (int i = 0; i < digits; i += 2) {
            int b = in.readUnsignedByte();
            hex[i] = alphabet.charAt(b >>> 4);
            if (i + 1 < digits) {
                hex[i + 1] = alphabet.charAt(b & 0xF);
            }
        }
        return new String(hex);
    }

    /** A code, and when it is 0 the text itself. */
    private static void writeCoded(DataOutputStream out, int code, String text) throws IOException {
        writeVarint(out, code);
        if (code == 0) {
            writeNullable(out, text);
        }
    }

    private static String listed(List<String> values, int code, String what) throws IOException {
        if (code > values.size()) {
            throw new IOException("unknown " + what + " code " + code);
        }
        return values.get(code - 1);
    }

    private static long zigzag(long value) {
        return (value << 1) ^ (value >> 63);
    }

    private static long unzigzag(long value) {
        return (value >>> 1) ^ -(value & 1);
    }

    private static void writeVarlong(DataOutputStream out, long value) throws IOException {
        long rest = value;
        while ((rest & ~0x7FL) != 0) {
            out.writeByte((int) (rest & 0x7F) | 0x80);
            rest >>>= 7;
        }
        out.writeByte((int) rest);
    }

    private static long readVarlong(DataInputStream in) throws IOException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = in.readUnsignedByte();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IOException("varint longer than 10 bytes");
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
            ByteArrayStreams.Out bytes = new ByteArrayStreams.Out(128);
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
            try (DataInputStream in = new DataInputStream(new ByteArrayStreams.In(bytes))) {
                return reader.read(in);
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("cannot decode " + bytes.length + " bytes from " + topic, e);
            }
        };
    }
}
