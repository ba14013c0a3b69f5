package io.seqgate.event;

/**
 * Makes text that came from outside (object keys, request paths) safe to put in a log line: control
 * characters and line or paragraph separators are escaped, so a key holding {@code %0A} cannot forge
 * a log line, and long text is cut, so a key of hundreds of kilobytes does not flood the log.
 */
public final class LogSafe {

    /** Characters kept; S3's own key limit (1 024 bytes) fits, a hostile URL does not. */
    public static final int MAX_CHARS = 256;

    private LogSafe() {}

    /** {@code text} with control characters escaped ({@code \n}, {@code \u2028}) and cut after {@link #MAX_CHARS}. */
    public static String of(String text) {
        if (text == null) {
            return "null";
        }
        int end = Math.min(text.length(), MAX_CHARS);
        StringBuilder out = new StringBuilder(end + 16);
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || isBidiControl(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        if (text.length() > end) {
            out.append("…(").append(text.length()).append(" chars)");
        }
        return out.toString();
    }

    /** Bidirectional overrides and isolates reorder what a terminal shows (CVE-2021-42574, "Trojan Source"). */
    private static boolean isBidiControl(char c) {
        return (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
    }
}
