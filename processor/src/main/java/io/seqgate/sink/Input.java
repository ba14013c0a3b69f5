package io.seqgate.sink;

/**
 * The input as read; {@code bytes} is null when it was over the limit (then {@code length} is its
 * size or -1). {@code eTag} is unquoted; {@code versionId} is null when the server names none.
 */
record Input(byte[] bytes, String contentType, String eTag, String versionId, long length) {}
