package io.seqgate.streams.serde;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka serde from a binary writer and reader: null stays null, and anything a reader cannot
 * decode becomes a {@link SerializationException} naming the topic and the size.
 */
final class BinarySerdes {

    private BinarySerdes() {}

    interface Writer<T> {
        void write(T value, DataOutputStream out) throws IOException;
    }

    interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    static <T> Serde<T> of(Writer<T> writer, Reader<T> reader) {
        return Serdes.serdeFrom(serializer(writer), deserializer(reader));
    }

    /** What a reader throws for a version byte it does not know. */
    static SerializationException unknownVersion(byte found, String what, byte oldest, byte newest) {
        return new SerializationException("unknown " + what + " encoding version " + found
                + " (this release reads versions " + oldest + " to " + newest + ")");
    }

    private static <T> Serializer<T> serializer(Writer<T> writer) {
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

    private static <T> Deserializer<T> deserializer(Reader<T> reader) {
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
