package io.seqgate.streams.serde;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * {@link java.io.ByteArrayOutputStream} and {@link java.io.ByteArrayInputStream} without their locks,
 * for the serdes: every method of those two is {@code synchronized}, and the state encoding writes
 * and reads its few dozen bytes one at a time through a {@code Data*Stream}, so the uncontended locks
 * were most of the encoding's time. A serializer call owns its stream; nothing here is shared.
 */
final class ByteArrayStreams {

    private ByteArrayStreams() {}

    /** Collects written bytes in a growing array. */
    static final class Out extends OutputStream {

        private byte[] bytes;
        private int count;

        Out(int initialSize) {
            bytes = new byte[initialSize];
        }

        @Override
        public void write(int b) {
            if (count == bytes.length) {
                grow(count + 1);
            }
            bytes[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            Objects.checkFromIndexSize(off, len, b.length);
            if (count + len > bytes.length) {
                grow(count + len);
            }
            System.arraycopy(b, off, bytes, count, len);
            count += len;
        }

        /** A copy of the bytes written. */
        byte[] toByteArray() {
            return Arrays.copyOf(bytes, count);
        }

        private void grow(int needed) {
            bytes = Arrays.copyOf(bytes, Math.max(needed, bytes.length * 2));
        }
    }

    /** Reads an array from its start; behaves as {@code ByteArrayInputStream} at the end of it. */
    static final class In extends InputStream {

        private final byte[] bytes;
        private int position;

        In(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int read() {
            return position < bytes.length ? bytes[position++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            Objects.checkFromIndexSize(off, len, b.length);
            if (position >= bytes.length) {
                return -1;
            }
            int n = Math.min(len, bytes.length - position);
            System.arraycopy(bytes, position, b, off, n);
            position += n;
            return n;
        }

        @Override
        public int available() {
            return bytes.length - position;
        }
    }
}
