package io.seqgate.sink;

import io.seqgate.event.ETags;
import io.seqgate.event.ObjectEvent;
import java.io.IOException;
import java.util.Objects;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Reads the object an event names: its body, never more than {@link SinkSettings#maxObjectBytes()},
 * from the version and with the {@code If-Match} the caller pins it to; or its HEAD.
 */
final class InputReader {

    private final S3Client s3;
    private final long maxObjectBytes;

    InputReader(S3Client s3, long maxObjectBytes) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.maxObjectBytes = maxObjectBytes;
    }

    /**
     * GETs the input.
     *
     * @param versionId   the version to read, or null for the current one
     * @param ifMatchETag read only if the version's eTag is this one (unquoted), or null for any; when
     *                    it is not, S3 answers 412, thrown to the caller
     * @return the input, or null when the key has no such version (deleted, or a delete marker on top)
     */
    Input readOrNull(ObjectEvent event, String versionId, String ifMatchETag, S3Calls.Budget calls)
            throws InterruptedException {
        GetObjectRequest.Builder get =
                GetObjectRequest.builder().bucket(event.bucket()).key(event.key());
        if (versionId != null) {
            get.versionId(versionId);
        }
        if (ifMatchETag != null) {
            get.ifMatch(ETags.quoted(ifMatchETag));
        }
        try {
            return calls.run(
                    "GET",
                    S3Objects.url(event.bucket(), event.key()),
                    () -> s3.getObject(get.build(), this::readBounded));
        } catch (S3Exception e) {
            if (S3Objects.isMissing(e)) {
                return null;
            }
            throw e;
        }
    }

    /** The input's current version's HEAD, or null when the key has none. */
    HeadObjectResponse headOrNull(ObjectEvent event, S3Calls.Budget calls) throws InterruptedException {
        return S3Objects.headOrNull(s3, event.bucket(), event.key(), calls);
    }

    /** How the input moved on since a version of it was read. */
    enum Moved {
        /** The key has no current version any more. */
        REMOVED,
        /** Another version is current. */
        CHANGED
    }

    /**
     * How the input moved on since {@code source} was read from it, or null when its current version is
     * still that one. Made just before writing into an absent output: a remove that deleted the output
     * also deleted its recorded sequencer, and this check keeps a slow writer from bringing the output of
     * a removed or replaced input back.
     */
    Moved movedSince(ObjectEvent event, Input source, S3Calls.Budget calls) throws InterruptedException {
        HeadObjectResponse now = headOrNull(event, calls);
        if (now == null) {
            return Moved.REMOVED;
        }
        boolean otherContent = source.eTag() != null && !source.eTag().equals(ETags.unquoted(now.eTag()));
        boolean otherVersion = source.versionId() != null
                && now.versionId() != null
                && !source.versionId().equals(now.versionId());
        return otherContent || otherVersion ? Moved.CHANGED : null;
    }

    /** Reads the body inside the call (so the call timeout covers it), never more than the limit. */
    private Input readBounded(GetObjectResponse response, AbortableInputStream body) throws IOException {
        long max = maxObjectBytes;
        Long length = response.contentLength();
        String eTag = ETags.unquoted(response.eTag());
        if (length != null && length > max) {
            body.abort(); // drop the connection rather than drain a body we will not use
            return new Input(null, null, eTag, response.versionId(), length);
        }
        byte[] bytes;
        if (length != null) {
            // one array of the announced size, filled in place (readNBytes(int) would collect chunks and copy them)
            bytes = new byte[length.intValue()];
            int read = body.readNBytes(bytes, 0, bytes.length);
            if (read < bytes.length) {
                throw new IOException("body ended after " + read + " of " + bytes.length + " bytes");
            }
        } else {
            bytes = body.readNBytes((int) max + 1);
            if (bytes.length > max) {
                body.abort();
                return new Input(null, null, eTag, response.versionId(), -1);
            }
        }
        return new Input(bytes, response.contentType(), eTag, response.versionId(), bytes.length);
    }
}
