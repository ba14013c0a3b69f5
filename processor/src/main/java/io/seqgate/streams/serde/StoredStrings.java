package io.seqgate.streams.serde;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Strings as the binary encodings store them. From version 2: the UTF-8 byte count as a varint,
 * then the bytes; a nullable string counts one more, so that 0 means null. No length can make the
 * serializer throw, and since the parser admits no lone surrogates, UTF-8 round-trips every string of
 * an event. Version 1 used {@code writeUTF} (still read here), which throws above 65,535 bytes.
 */
final class StoredStrings {

    private StoredStrings() {}

    static void writeString(DataOutputStream out, String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        Varints.writeVarint(out, bytes.length);
        out.write(bytes);
    }

    static void writeNullable(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            Varints.writeVarint(out, 0);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        Varints.writeVarint(out, bytes.length + 1);
        out.write(bytes);
    }

    static String readString(DataInputStream in) throws IOException {
        return utf8(in, Varints.readVarint(in));
    }

    static String readNullable(DataInputStream in) throws IOException {
        int count = Varints.readVarint(in);
        return count == 0 ? null : utf8(in, count - 1);
    }

    /** Version 1: a presence flag, then {@code writeUTF}'s modified UTF-8 with a two-byte length. */
    static String readNullableV1(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static String utf8(DataInputStream in, int length) throws IOException {
        if (length > in.available()) {
            throw new IOException("string of " + length + " bytes, but only " + in.available() + " left");
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
