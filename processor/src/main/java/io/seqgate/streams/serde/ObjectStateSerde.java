package io.seqgate.streams.serde;

import static io.seqgate.streams.serde.PackedHex.isLowerCaseUuid;
import static io.seqgate.streams.serde.PackedHex.readHex;
import static io.seqgate.streams.serde.PackedHex.uuid;
import static io.seqgate.streams.serde.PackedHex.writeHex;
import static io.seqgate.streams.serde.StoredStrings.readNullable;
import static io.seqgate.streams.serde.StoredStrings.readNullableV1;
import static io.seqgate.streams.serde.StoredStrings.readString;
import static io.seqgate.streams.serde.StoredStrings.writeNullable;
import static io.seqgate.streams.serde.StoredStrings.writeString;
import static io.seqgate.streams.serde.Varints.readVarint;
import static io.seqgate.streams.serde.Varints.readVarlong;
import static io.seqgate.streams.serde.Varints.unzigzag;
import static io.seqgate.streams.serde.Varints.writeVarint;
import static io.seqgate.streams.serde.Varints.writeVarlong;
import static io.seqgate.streams.serde.Varints.zigzag;

import io.seqgate.event.EventKind;
import io.seqgate.outcome.Decision;
import io.seqgate.outcome.OutputRecord;
import io.seqgate.streams.ObjectState;
import io.seqgate.streams.serde.PackedHex.HexCase;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/**
 * The binary encoding of {@link ObjectState}, the hot state: read and written for every event, one
 * entry per object kept for the retention period in RocksDB and its changelog, restored from the
 * changelog after a crash.
 *
 * <p>Version 1 wrote strings with {@code writeUTF} and did not record the kind. Version 2 writes
 * strings as {@link StoredStrings} and records whether the stored event was a remove. Version 3 stores
 * the same fields in about a third of the bytes (see below). Version 4 is version 3 followed by what the
 * output holds ({@link OutputRecord}, for reconcile passes): a flags byte, then the source eTag, its
 * version id and the output's eTag in the same forms as the event's, and the transform's identity.
 * Versions 1 to 3 are still read (with no output record): a changelog written by an older release
 * restores as it was.
 */
final class ObjectStateSerde {

    private static final byte V1 = 1;
    private static final byte V2 = 2;
    private static final byte V3 = 3;
    private static final byte V4 = 4;

    /** The byte each decision is stored as, in every version. */
    private static final StoredCodes<Decision> DECISIONS =
            new StoredCodes<>("decision", Decision.class, decision -> switch (decision) {
                case ACCEPTED -> 1;
                case DUPLICATE -> 2;
                case STALE -> 3;
                case IGNORED -> 4;
                case INVALID -> 5;
                case DONE -> 6;
                case SUPERSEDED -> 7;
                case UNSUPPORTED -> 8;
                case FAILED -> 9;
                case IN_SYNC -> 10;
            });

    // Version 3: one flags byte says how the sequencer, eTag and version id are stored (hex digits
    // packed two to a byte where the text is all hex of one case; a lower-case UUID as its 16 bytes;
    // otherwise UTF-8 text), well-known event names and the usual reasons (StoredReason) are a
    // small code, numbers are varints, and the last update is a difference from the event time. Every
    // state reads back exactly as it was written, so queries show the same text as before.

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

    private ObjectStateSerde() {}

    static Serde<ObjectState> serde() {
        return BinarySerdes.of(ObjectStateSerde::write, ObjectStateSerde::read);
    }

    private static void write(ObjectState s, DataOutputStream out) throws IOException {
        out.writeByte(V4);
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
        // A state a reconcile record made has no event, and so no name.
        writeCoded(out, s.eventName() == null ? 0 : EVENT_NAMES.indexOf(s.eventName()) + 1, s.eventName());
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
        out.writeByte(DECISIONS.code(s.outcome()));
        writeCoded(out, StoredReason.codeOf(s.reason(), s.sequencer()), s.reason());
        writeVarlong(out, s.accepted());
        writeVarlong(out, s.duplicates());
        writeVarlong(out, s.stale());
        writeOutput(out, s);
    }

    // The output record: a flags byte (0 when there is none; otherwise bit 0 set, two bits each for the
    // forms of the source eTag, its version id and the output's eTag, and bit 7 when the source is the
    // state's own event's version, as after most creates, which is then not stored twice), the values, the
    // transform.

    private static final int OUTPUT_PRESENT = 1;
    private static final int SOURCE_ETAG_SHIFT = 1;
    private static final int SOURCE_VERSION_SHIFT = 3;
    private static final int OUTPUT_ETAG_SHIFT = 5;
    private static final int SOURCE_IS_EVENT = 128;

    private static void writeOutput(DataOutputStream out, ObjectState s) throws IOException {
        OutputRecord o = s.output();
        if (o == null) {
            out.writeByte(0);
            return;
        }
        if (s.eTag() != null && s.eTag().equals(o.sourceETag()) && Objects.equals(s.versionId(), o.sourceVersionId())) {
            out.writeByte(OUTPUT_PRESENT | SOURCE_IS_EVENT | hexOrTextForm(o.outputETag()) << OUTPUT_ETAG_SHIFT);
            writeHexOrText(out, o.outputETag());
            writeNullable(out, o.transform());
            return;
        }
        boolean uuidVersion = isLowerCaseUuid(o.sourceVersionId());
        out.writeByte(OUTPUT_PRESENT
                | hexOrTextForm(o.sourceETag()) << SOURCE_ETAG_SHIFT
                | (o.sourceVersionId() == null ? 0 : uuidVersion ? FORM_UUID : FORM_TEXT) << SOURCE_VERSION_SHIFT
                | hexOrTextForm(o.outputETag()) << OUTPUT_ETAG_SHIFT);
        writeHexOrText(out, o.sourceETag());
        if (o.sourceVersionId() != null) {
            if (uuidVersion) {
                writeHex(out, o.sourceVersionId().replace("-", ""));
            } else {
                writeString(out, o.sourceVersionId());
            }
        }
        writeHexOrText(out, o.outputETag());
        writeNullable(out, o.transform());
    }

    /** @param s the state read so far, whose event the output record may name as its source */
    private static OutputRecord readOutput(DataInputStream in, ObjectState s) throws IOException {
        int flags = in.readUnsignedByte();
        if ((flags & OUTPUT_PRESENT) == 0) {
            return null;
        }
        if ((flags & SOURCE_IS_EVENT) != 0) {
            String outputETag = readHexOrText(in, (flags >>> OUTPUT_ETAG_SHIFT) & FORM_MASK);
            return new OutputRecord(s.eTag(), s.versionId(), outputETag, readNullable(in));
        }
        String sourceETag = readHexOrText(in, (flags >>> SOURCE_ETAG_SHIFT) & FORM_MASK);
        String sourceVersionId = switch ((flags >>> SOURCE_VERSION_SHIFT) & FORM_MASK) {
            case 0 -> null;
            case FORM_TEXT -> readString(in);
            case FORM_UUID -> uuid(readHex(in, false));
            default -> throw new IOException("unknown source version id form in output flags " + flags);
        };
        String outputETag = readHexOrText(in, (flags >>> OUTPUT_ETAG_SHIFT) & FORM_MASK);
        return new OutputRecord(sourceETag, sourceVersionId, outputETag, readNullable(in));
    }

    private static ObjectState withOutput(ObjectState s, OutputRecord output) {
        return new ObjectState(
                s.sequencer(),
                s.eventName(),
                s.eTag(),
                s.versionId(),
                s.removed(),
                s.eventTimeMs(),
                s.outcome(),
                s.reason(),
                s.accepted(),
                s.duplicates(),
                s.stale(),
                s.updatedAtMs(),
                output);
    }

    /** 0 for none, {@link #FORM_TEXT} for text, 2 and 3 for hex digits of one case, upper and lower. */
    private static int hexOrTextForm(String value) {
        if (value == null) {
            return 0;
        }
        HexCase hex = HexCase.of(value);
        return hex == HexCase.NONE ? FORM_TEXT : hex.bits + 1;
    }

    private static void writeHexOrText(DataOutputStream out, String value) throws IOException {
        int form = hexOrTextForm(value);
        if (form == FORM_TEXT) {
            writeString(out, value);
        } else if (form != 0) {
            writeHex(out, value);
        }
    }

    private static String readHexOrText(DataInputStream in, int form) throws IOException {
        return switch (form) {
            case 0 -> null;
            case FORM_TEXT -> readString(in);
            case 2 -> readHex(in, true);
            default -> readHex(in, false);
        };
    }

    private static ObjectState read(DataInputStream in) throws IOException {
        byte version = in.readByte();
        return switch (version) {
            case V4 -> {
                ObjectState state = readV3(in);
                yield withOutput(state, readOutput(in, state));
            }
            case V3 -> readV3(in);
            case V2 ->
                new ObjectState(
                        readNullable(in),
                        readNullable(in),
                        readNullable(in),
                        readNullable(in),
                        in.readBoolean(),
                        in.readLong(),
                        DECISIONS.of(in.readByte()),
                        readNullable(in),
                        in.readLong(),
                        in.readLong(),
                        in.readLong(),
                        in.readLong(),
                        null);
            case V1 -> readV1(in);
            default -> throw BinarySerdes.unknownVersion(version, "object state", V1, V4);
        };
    }

    private static ObjectState readV3(DataInputStream in) throws IOException {
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
        Decision outcome = DECISIONS.of(in.readByte());
        int reasonCode = readVarint(in);
        String reason = reasonCode == 0 ? readNullable(in) : StoredReason.text(reasonCode, sequencer);
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
                updatedAtMs,
                null);
    }

    private static ObjectState readV1(DataInputStream in) throws IOException {
        String sequencer = readNullableV1(in);
        String eventName = readNullableV1(in);
        return new ObjectState(
                sequencer,
                eventName,
                readNullableV1(in),
                readNullableV1(in),
                wasRemove(eventName),
                in.readLong(),
                DECISIONS.of(in.readByte()),
                readNullableV1(in),
                in.readLong(),
                in.readLong(),
                in.readLong(),
                in.readLong(),
                null);
    }

    /**
     * Version 1 did not record the kind, but it stored the event's name: a name EventKind reads as a
     * remove, or the name the parser builds for an EventBridge "Object Deleted" event.
     */
    private static boolean wasRemove(String eventName) {
        return eventName != null
                && (EventKind.ofEventName(eventName) == EventKind.REMOVED || eventName.startsWith("ObjectDeleted"));
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
}
