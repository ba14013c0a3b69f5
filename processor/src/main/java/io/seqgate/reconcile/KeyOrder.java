package io.seqgate.reconcile;

import java.util.Comparator;

/**
 * The order S3 lists keys in: "in UTF-8 binary order" (S3 API reference, ListObjectsV2). For Java
 * strings that is code point order, which differs from {@link String#compareTo} (UTF-16 code units)
 * where a character above U+FFFF meets one from U+E000 to U+FFFF.
 */
final class KeyOrder {

    static final Comparator<String> UTF8 = KeyOrder::compare;

    private KeyOrder() {}

    static int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
