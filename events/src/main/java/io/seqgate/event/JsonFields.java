package io.seqgate.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * The checks every shape applies to the fields it reads from a Jackson tree: the JSON type, presence,
 * valid Unicode. A failed check throws {@link InvalidNotificationException} naming the field's place
 * ({@link At}) and what was found instead, e.g. {@code Records[1].s3.object.size is a JSON string
 * ("12"), expected a whole number}.
 */
final class JsonFields {

    private static final int EXCERPT = 60;

    private JsonFields() {}

    static void requireObject(JsonNode node, At at) {
        if (!node.isObject()) {
            throw new InvalidNotificationException(at + " is " + describe(node) + ", expected a JSON object");
        }
    }

    static JsonNode requiredObject(JsonNode parent, String field, At at) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            throw new InvalidNotificationException(at.field(field) + " is missing");
        }
        requireObject(node, at.field(field));
        return node;
    }

    /** A string that is there and not blank. */
    static String requiredText(JsonNode parent, String field, At at) {
        String value = optionalText(parent, field, at);
        if (value == null || value.isBlank()) {
            throw new InvalidNotificationException(at.field(field) + (value == null ? " is missing" : " is empty"));
        }
        return value;
    }

    /**
     * A string, or null when the field is absent or JSON null. Text that is not valid Unicode is refused:
     * a lone surrogate (a JSON escape can write one) has no UTF-8 form, so it names no S3 object, and
     * Kafka's string serializer would turn it into {@code '?'}, giving two objects one key.
     */
    static String optionalText(JsonNode parent, String field, At at) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new InvalidNotificationException(at.field(field) + " is " + describe(node) + ", expected a string");
        }
        String text = node.textValue();
        int lone = loneSurrogate(text);
        if (lone >= 0) {
            throw new InvalidNotificationException(at.field(field) + " is not valid Unicode: lone surrogate U+"
                    + Integer.toHexString(text.charAt(lone)).toUpperCase(Locale.ROOT) + " at index " + lone
                    + ", which has no UTF-8 form");
        }
        return text;
    }

    /** Index of the first surrogate that is not half of a pair, or -1 when there is none. */
    static int loneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    static String nonBlank(String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.trim();
        return trimmed.isEmpty() ? null : trimmed;
    }

    /** E.g. {@code a JSON string ("12")}: the type, and enough of the value to find it in the message. */
    static String describe(JsonNode node) {
        String type = node.getNodeType().name().toLowerCase(Locale.ROOT);
        if (node.isValueNode()) {
            return "a JSON " + type + " (" + excerpt(node.toString()) + ")";
        }
        return node.isEmpty() ? "an empty JSON " + type : "a JSON " + type;
    }

    /** The first ten field names of {@code object}, for a message that names no known shape. */
    static String fieldNames(JsonNode object) {
        StringJoiner names = new StringJoiner(", ", "[", "]");
        Iterator<String> it = object.fieldNames();
        for (int i = 0; it.hasNext(); i++) {
            if (i == 10) {
                names.add("...");
                break;
            }
            names.add(excerpt(it.next()));
        }
        return names.toString();
    }

    static String excerpt(String text) {
        return text.length() <= EXCERPT ? text : text.substring(0, EXCERPT) + "...";
    }
}
