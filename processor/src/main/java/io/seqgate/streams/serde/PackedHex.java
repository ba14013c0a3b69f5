package io.seqgate.streams.serde;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Hex digits packed two to a byte, for the sequencers, eTags and UUID version ids of the state's
 * version 3: half the bytes of the text, read back in the case they were written.
 */
final class PackedHex {

    private PackedHex() {}

    /** How a string of hex digits is stored: NONE when it is not all hex digits of one case. */
    enum HexCase {
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

    /** The digit count as a varint, then the digits two to a byte, high nibble first (a last odd one padded). */
    static void writeHex(DataOutputStream out, String hex) throws IOException {
        int digits = hex.length();
        Varints.writeVarint(out, digits);
        for (int i = 0; i < digits; i += 2) {
            int high = Character.digit(hex.charAt(i), 16);
            int low = i + 1 < digits ? Character.digit(hex.charAt(i + 1), 16) : 0;
            out.writeByte(high << 4 | low);
        }
    }

    static String readHex(DataInputStream in, boolean upper) throws IOException {
        int digits = Varints.readVarint(in);
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

    static boolean isLowerCaseUuid(String value) {
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

    /** The UUID whose 32 hex digits {@code hex} holds, dashes put back. */
    static String uuid(String hex) throws IOException {
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
}
