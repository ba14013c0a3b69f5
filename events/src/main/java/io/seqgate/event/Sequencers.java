package io.seqgate.event;

/**
 * Ordering of S3 {@code sequencer} values, the only thing that says which of two events of the same
 * object happened later.
 *
 * <p>The rule is the one in the Amazon S3 user guide, "Event notification types and destinations",
 * section "Event ordering and duplicate events":
 * <blockquote>"the event notification with the greater sequencer hexadecimal value is the event that
 * occurred later … The sequencers can be of different lengths. So, to compare these values, first
 * right pad the shorter value with zeros, and then do a lexicographical comparison."</blockquote>
 *
 * <p>Two consequences that look odd but follow from that text: the comparison is not numeric
 * ({@code "1"} is greater than {@code "0FFFF"}, because {@code "10000" > "0FFFF"}), and trailing zeros
 * do not count ({@code "AB"} equals {@code "AB0"}). Sequencers order the events of one key only.
 *
 * <p>Case is ignored: S3 and MinIO send upper-case hex, EventBridge's examples are lower-case, and a
 * plain string comparison would put every lower-case sequencer after every upper-case one.
 */
public final class Sequencers {

    private Sequencers() {}

    /**
     * Compares two sequencers by the AWS rule: conceptually right-pads the shorter one with {@code '0'}
     * and compares the two strings character by character, ignoring ASCII case. Allocates nothing:
     * this runs for every event that reaches the gate.
     *
     * <p>Callers never pass null: an event without a sequencer does not reach the gate (docs/design.md §3).
     * Check {@link #isValid(String)} first; for non-hex input the result is still a consistent
     * total order, but it means nothing.
     *
     * @return negative when {@code a} is older than {@code b}, zero when they denote the same event
     *     (a duplicate), positive when {@code a} is newer
     */
    public static int compare(String a, String b) {
        int length = Math.max(a.length(), b.length());
        for (int i = 0; i < length; i++) {
            char ca = i < a.length() ? upperAscii(a.charAt(i)) : '0';
            char cb = i < b.length() ? upperAscii(b.charAt(i)) : '0';
            if (ca != cb) {
                return ca < cb ? -1 : 1;
            }
        }
        return 0;
    }

    /** Whether {@code sequencer} is a non-empty string of hex digits (either case). */
    public static boolean isValid(String sequencer) {
        if (sequencer == null || sequencer.isEmpty()) {
            return false;
        }
        for (int i = 0; i < sequencer.length(); i++) {
            char c = sequencer.charAt(i);
            // Not Character.digit: it also accepts non-ASCII digits such as '٣' or fullwidth 'Ａ'.
            boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!hex) {
                return false;
            }
        }
        return true;
    }

    // ASCII only on purpose: hex digits are ASCII, and Character.toUpperCase would fold other
    // scripts' letters too (e.g. fullwidth 'ａ'), making distinct invalid strings compare equal.
    private static char upperAscii(char c) {
        return c >= 'a' && c <= 'z' ? (char) (c - ('a' - 'A')) : c;
    }
}
