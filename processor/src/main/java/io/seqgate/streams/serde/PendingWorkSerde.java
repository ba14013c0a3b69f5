package io.seqgate.streams.serde;

import io.seqgate.event.ObjectEvent;
import io.seqgate.streams.Names;
import io.seqgate.streams.PendingJob;
import io.seqgate.streams.PendingWork;
import io.seqgate.streams.RecordOrigin;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The binary encoding of {@link PendingWork}, the value of {@link Names#PENDING_STORE} and its
 * changelog. Compact and versioned like the other stored state; the events inside use the event
 * encoding of {@link ObjectEventSerde}, which carries its own version.
 *
 * <pre>
 * version 1:  byte 1 | job in flight | boolean queued present | [job queued]
 * job:        long acceptedAtMs | long timestamp | boolean origin present | [UTF topic | int partition | long offset]
 *             | int event length | event bytes
 * </pre>
 */
final class PendingWorkSerde {

    private static final byte V1 = 1;
    private static final Serde<ObjectEvent> EVENTS = ObjectEventSerde.serde();

    private PendingWorkSerde() {}

    static Serde<PendingWork> serde() {
        return Serdes.serdeFrom(serializer(), deserializer());
    }

    private static Serializer<PendingWork> serializer() {
        return (topic, work) -> {
            if (work == null) {
                return null;
            }
            ByteArrayStreams.Out bytes = new ByteArrayStreams.Out(256);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeByte(V1);
                writeJob(out, topic, work.inFlight());
                out.writeBoolean(work.queued() != null);
                if (work.queued() != null) {
                    writeJob(out, topic, work.queued());
                }
            } catch (IOException e) {
                throw new SerializationException("cannot encode pending work", e);
            }
            return bytes.toByteArray();
        };
    }

    private static Deserializer<PendingWork> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try (DataInputStream in = new DataInputStream(new ByteArrayStreams.In(bytes))) {
                byte version = in.readByte();
                if (version != V1) {
                    throw new SerializationException("unknown pending work encoding version " + version
                            + " (this release reads version " + V1 + ")");
                }
                PendingJob inFlight = readJob(in, topic);
                PendingJob queued = in.readBoolean() ? readJob(in, topic) : null;
                return new PendingWork(inFlight, queued);
            } catch (IOException | RuntimeException e) {
                throw new SerializationException(
                        "cannot decode " + bytes.length + " bytes of pending work from " + topic, e);
            }
        };
    }

    private static void writeJob(DataOutputStream out, String topic, PendingJob job) throws IOException {
        out.writeLong(job.acceptedAtMs());
        out.writeLong(job.timestamp());
        RecordOrigin origin = job.origin();
        out.writeBoolean(origin != null);
        if (origin != null) {
            out.writeUTF(origin.topic());
            out.writeInt(origin.partition());
            out.writeLong(origin.offset());
        }
        byte[] event = EVENTS.serializer().serialize(topic, job.event());
        out.writeInt(event.length);
        out.write(event);
    }

    private static PendingJob readJob(DataInputStream in, String topic) throws IOException {
        long acceptedAtMs = in.readLong();
        long timestamp = in.readLong();
        RecordOrigin origin = in.readBoolean() ? new RecordOrigin(in.readUTF(), in.readInt(), in.readLong()) : null;
        byte[] event = new byte[in.readInt()];
        in.readFully(event);
        return new PendingJob(EVENTS.deserializer().deserialize(topic, event), acceptedAtMs, timestamp, origin);
    }
}
