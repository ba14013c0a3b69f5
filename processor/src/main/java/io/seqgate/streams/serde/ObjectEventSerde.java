package io.seqgate.streams.serde;

import io.seqgate.event.EventKind;
import io.seqgate.event.ObjectEvent;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serde;

/**
 * The binary encoding of an {@link ObjectEvent} on the repartition topic (rare: only events whose
 * key the gate must move) and inside the pending work. Version 2 writes strings as
 * {@link StoredStrings}; version 1, still read, used {@code writeUTF} and wrote the kind's ordinal,
 * which equals its code ({@link #KINDS}).
 */
final class ObjectEventSerde {

    private static final byte V1 = 1;
    private static final byte V2 = 2;

    /** The byte each kind is stored as. */
    private static final StoredCodes<EventKind> KINDS =
            new StoredCodes<>("event kind", EventKind.class, kind -> switch (kind) {
                case CREATED -> 0;
                case REMOVED -> 1;
                case OTHER -> 2;
                case RECONCILE -> 3;
            });

    private ObjectEventSerde() {}

    static Serde<ObjectEvent> serde() {
        return BinarySerdes.of(ObjectEventSerde::write, ObjectEventSerde::read);
    }

    private static void write(ObjectEvent e, DataOutputStream out) throws IOException {
        out.writeByte(V2);
        StoredStrings.writeString(out, e.bucket());
        StoredStrings.writeString(out, e.key());
        StoredStrings.writeString(out, e.eventName());
        out.writeByte(KINDS.code(e.kind()));
        StoredStrings.writeNullable(out, e.sequencer());
        StoredStrings.writeNullable(out, e.eTag());
        StoredStrings.writeNullable(out, e.versionId());
        out.writeLong(e.size() == null ? -1 : e.size());
        StoredStrings.writeNullable(out, e.contentType());
        out.writeLong(e.eventTime() == null ? Long.MIN_VALUE : e.eventTime().toEpochMilli());
        StoredStrings.writeString(out, e.source());
    }

    private static ObjectEvent read(DataInputStream in) throws IOException {
        byte version = in.readByte();
        return switch (version) {
            case V2 -> read(in, StoredStrings::readString, StoredStrings::readNullable);
            case V1 -> read(in, DataInput::readUTF, StoredStrings::readNullableV1);
            default -> throw BinarySerdes.unknownVersion(version, "object event", V1, V2);
        };
    }

    private static ObjectEvent read(
            DataInputStream in, BinarySerdes.Reader<String> string, BinarySerdes.Reader<String> nullable)
            throws IOException {
        String bucket = string.read(in);
        String key = string.read(in);
        String eventName = string.read(in);
        EventKind kind = KINDS.of(in.readByte());
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
}
