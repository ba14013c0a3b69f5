package io.seqgate.event;

/**
 * Entity tags as the two sides of S3 spell them: quoted in HTTP headers ({@code ETag: "9b2c…"}, as
 * RFC 9110 section 8.8.3 defines the header), bare in event notifications ({@code "eTag":"9b2c…"}).
 * seqgate keeps them bare and quotes them only where a header needs it.
 */
public final class ETags {

    private ETags() {}

    /** The tag without its surrounding double quotes; a bare tag or null is returned as it is. */
    public static String unquoted(String eTag) {
        return eTag != null && eTag.length() >= 2 && eTag.startsWith("\"") && eTag.endsWith("\"")
                ? eTag.substring(1, eTag.length() - 1)
                : eTag;
    }

    /** The tag in double quotes, as {@code If-Match} takes it; an already quoted tag is returned as it is. */
    public static String quoted(String eTag) {
        return eTag.startsWith("\"") ? eTag : "\"" + eTag + "\"";
    }
}
