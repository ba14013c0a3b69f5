package io.seqgate.query;

/**
 * The one check of a bucket name every endpoint applies, before the name goes near a store key. The
 * store key is {@code bucket/key}, so a bucket holding {@code /} (sent as {@code %2F}) would read
 * another bucket's object: {@code /objects/input%2Fdir/a.png} must not answer for bucket
 * {@code input}.
 */
final class BucketName {

    /** S3's general purpose bucket names are 3–63 characters (AWS user guide, "Bucket naming rules"). */
    static final int MIN = 3;

    static final int MAX = 63;

    private BucketName() {}

    /**
     * Returns {@code name} when it is a bucket name: 3–63 letters, digits, dots, hyphens or
     * underscores (lower case per today's rules; upper case and underscores only in legacy us-east-1
     * buckets, which S3 still serves).
     *
     * @throws IllegalArgumentException with a message fit for a 400 answer
     */
    static String check(String name) {
        if (name == null || name.length() < MIN || name.length() > MAX) {
            throw new IllegalArgumentException("a bucket name is " + MIN + " to " + MAX + " characters");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '.'
                    || c == '-'
                    || c == '_';
            if (!ok) {
                throw new IllegalArgumentException(
                        "a bucket name holds only letters, digits, '.', '-' and '_' (no '/', percent-encoded or not)");
            }
        }
        return name;
    }
}
