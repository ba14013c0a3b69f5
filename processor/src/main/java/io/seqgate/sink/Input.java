package io.seqgate.sink;

/**
 * The input as read; {@code bytes} is null when it was over the limit (then {@code length} is its
 * size or -1). {@code eTag} is unquoted; {@code versionId} is null when the server names none.
 *
 * <p>{@code memory} is the share of the {@link SinkMemory} budget claimed for this input — its bytes,
 * what the transform makes of them, the output — granted before the body was read; null when there
 * are no bytes. Closing the input gives it back: whoever reads an input closes it once done with the
 * bytes and what was made of them.
 */
record Input(byte[] bytes, String contentType, String eTag, String versionId, long length, SinkMemory.Claim memory)
        implements AutoCloseable {

    /** An input over the size limit: no bytes, no memory. */
    static Input tooLarge(String eTag, String versionId, long length) {
        return new Input(null, null, eTag, versionId, length, null);
    }

    /** This input, holding {@code claim} (null for none). */
    Input holding(SinkMemory.Claim claim) {
        return new Input(bytes, contentType, eTag, versionId, length, claim);
    }

    /**
     * The transform is done: only the input's bytes and {@code outputBytes} of output are held from now
     * on, so the rest of the claim (the decoded image) goes back to the budget.
     */
    void transformed(long outputBytes) {
        if (memory != null) {
            memory.shrinkTo(length + outputBytes);
        }
    }

    @Override
    public void close() {
        if (memory != null) {
            memory.close();
        }
    }
}
