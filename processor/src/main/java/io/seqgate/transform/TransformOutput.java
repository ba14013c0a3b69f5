package io.seqgate.transform;

import java.util.Objects;

/** What a transform made: the output object's bytes and its content type. */
public final class TransformOutput {

    /** The longest content type accepted: S3 stores it as a header. */
    static final int MAX_CONTENT_TYPE_LENGTH = 256;

    private final byte[] bytes;
    private final String contentType;

    /**
     * @param bytes       the output object; kept, not copied
     * @param contentType its content type, e.g. {@code image/png}: printable ASCII, as an HTTP header holds it
     * @throws NullPointerException     when either is null
     * @throws IllegalArgumentException when the content type is blank, longer than 256 characters, or holds
     *                                  a character a header cannot carry
     */
    public TransformOutput(byte[] bytes, String contentType) {
        this.bytes = Objects.requireNonNull(bytes, "output bytes");
        Objects.requireNonNull(contentType, "output content type");
        if (contentType.isBlank() || contentType.length() > MAX_CONTENT_TYPE_LENGTH) {
            throw new IllegalArgumentException("output content type must be 1 to " + MAX_CONTENT_TYPE_LENGTH
                    + " characters, got " + contentType.length());
        }
        for (int i = 0; i < contentType.length(); i++) {
            char c = contentType.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new IllegalArgumentException("output content type holds a character a header cannot carry (U+"
                        + String.format(java.util.Locale.ROOT, "%04X", (int) c) + ")");
            }
        }
        this.contentType = contentType;
    }

    public byte[] bytes() {
        return bytes;
    }

    public String contentType() {
        return contentType;
    }

    @Override
    public String toString() {
        return "TransformOutput[" + bytes.length + " bytes, " + contentType + "]";
    }
}
