package io.seqgate.event;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;

/**
 * The object key as stored, from the two ways notifications write it (docs/design.md §3, "Object
 * keys"): form-encoded in a {@code Records} message, as it is in an EventBridge event. Either way the
 * result is at most {@link FieldLimit#KEY} long, or the message is refused.
 */
final class ObjectKeys {

    private ObjectKeys() {}

    /**
     * A {@code Records} key. AWS user guide, "Event message structure": "The object key name value is URL
     * encoded. For example, "red flower.jpg" becomes "red+flower.jpg"". That is form encoding: '+' is a
     * space, a literal '+' arrives as "%2B" ('/' as "%2F" from MinIO), the same as
     * {@code java.net.URLDecoder} undoes. Decoded here rather than with URLDecoder because URLDecoder
     * replaces bytes that are not UTF-8 with U+FFFD instead of failing: such a key names no object and
     * must be rejected, while a key that really contains U+FFFD ("%EF%BF%BD") is valid. A strict decoder
     * tells the two apart; looking for U+FFFD cannot. A '%' not followed by two hex digits is refused.
     */
    static String formDecoded(String encoded, At at) {
        StringBuilder key = new StringBuilder(encoded.length());
        // Consecutive escapes are one run of bytes: a multi-byte UTF-8 character spans several.
        byte[] run = null;
        CharsetDecoder strict = null;
        int i = 0;
        while (i < encoded.length()) {
            char c = encoded.charAt(i);
            if (c != '%') {
                key.append(c == '+' ? ' ' : c);
                i++;
                continue;
            }
            if (run == null) {
                run = new byte[encoded.length() / 3];
            }
            int length = 0;
            boolean ascii = true;
            while (i < encoded.length() && encoded.charAt(i) == '%') {
                int high = i + 1 < encoded.length() ? hexValue(encoded.charAt(i + 1)) : -1;
                int low = i + 2 < encoded.length() ? hexValue(encoded.charAt(i + 2)) : -1;
                if (high < 0 || low < 0) {
                    throw new InvalidNotificationException(at + " \"" + JsonFields.excerpt(encoded)
                            + "\" is not valid URL encoding: '%' at index " + i + " is not followed by two hex digits");
                }
                run[length++] = (byte) (high << 4 | low);
                ascii &= high < 8;
                i += 3;
            }
            if (ascii) { // "%2F" and the like: each byte is its own character, nothing to validate
                for (int b = 0; b < length; b++) {
                    key.append((char) run[b]);
                }
                continue;
            }
            if (strict == null) {
                strict = UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT);
            }
            try {
                key.append(strict.decode(ByteBuffer.wrap(run, 0, length)));
            } catch (CharacterCodingException e) {
                throw new InvalidNotificationException(
                        at + " \"" + JsonFields.excerpt(encoded) + "\" has percent-escapes that are not UTF-8", e);
            }
        }
        return withinLimit(key.toString(), at, " decodes to a key of ");
    }

    /**
     * An EventBridge key: the key itself, '+' and '%' included. Present and not empty, but it may be all
     * spaces (a legal S3 key, which a {@code Records} message would send as "+").
     *
     * @param key the field's text, already checked to be a string of valid Unicode; null when absent
     */
    static String verbatim(String key, At at) {
        if (key == null || key.isEmpty()) {
            throw new InvalidNotificationException(at + (key == null ? " is missing" : " is empty"));
        }
        return withinLimit(key, at, " is a key of ");
    }

    private static String withinLimit(String key, At at, String saying) {
        int bytes = FieldLimit.utf8Length(key);
        if (bytes > FieldLimit.KEY.maxBytes) {
            throw new InvalidNotificationException(at + saying + bytes + " bytes (UTF-8); " + FieldLimit.KEY.rule);
        }
        return key;
    }

    // ASCII only: Character.digit would also take fullwidth and other scripts' digits.
    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }
}
