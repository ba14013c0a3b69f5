package io.seqgate.sink;

import io.seqgate.event.ETags;
import io.seqgate.event.ObjectEvent;
import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Reads the object an event names: its body, never more than {@link SinkSettings#maxObjectBytes()},
 * from the version and with the {@code If-Match} the caller pins it to; or its HEAD.
 *
 * <p><b>Memory.</b> Before the body is read, its share of the {@link SinkMemory} budget is claimed: the
 * {@link MemoryEstimate} of its first bytes (an image's header) and its length. When the share is not
 * granted at once, the rest of the body is left unread (the connection is dropped), the job waits for
 * its turn holding only those first bytes, and then reads the input again: a waiting job holds no
 * input, so the jobs that hold memory are never held up by those that wait for it (docs/sizing.md).
 */
final class InputReader {

    private final S3Client s3;
    private final long maxObjectBytes;
    private final SinkMemory memory;
    private final MemoryEstimate estimate;

    InputReader(S3Client s3, long maxObjectBytes, SinkMemory memory, MemoryEstimate estimate) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.maxObjectBytes = maxObjectBytes;
        this.memory = Objects.requireNonNull(memory, "memory");
        this.estimate = Objects.requireNonNull(estimate, "estimate");
    }

    /**
     * GETs the input, once its share of the memory budget is granted (see the class comment). The wait
     * for memory does not count against the event's retry budget.
     *
     * @param versionId   the version to read, or null for the current one
     * @param ifMatchETag read only if the version's eTag is this one (unquoted), or null for any; when
     *                    it is not, S3 answers 412, thrown to the caller
     * @return the input, holding its share of the budget until the caller closes it; or null when the
     *     key has no such version (deleted, or a delete marker on top)
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
        GetObjectRequest request = get.build();
        try (Share share = new Share()) {
            while (true) {
                Optional<Input> read;
                try {
                    read = calls.run(
                            "GET",
                            S3Objects.url(event.bucket(), event.key()),
                            () -> s3.getObject(request, (response, body) -> readBounded(response, body, share)));
                } catch (S3Exception e) {
                    if (S3Objects.isMissing(e)) {
                        return null;
                    }
                    throw e;
                }
                calls.notCounting("for memory to read " + S3Objects.url(event.bucket(), event.key()), share::await);
                if (read.isPresent()) {
                    return read.get().holding(share.handOver());
                }
                // The body was left unread for want of memory, which is granted now: read it again.
            }
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

    /**
     * Reads the body inside the call (so the call timeout covers it), never more than the limit, once
     * {@code share} is granted; empty when it is not, the body left unread.
     */
    private Optional<Input> readBounded(GetObjectResponse response, AbortableInputStream body, Share share)
            throws IOException {
        long max = maxObjectBytes;
        Long length = response.contentLength();
        String eTag = ETags.unquoted(response.eTag());
        if (length != null && length > max) {
            body.abort(); // drop the connection rather than drain a body we will not use
            share.giveBack();
            return Optional.of(Input.tooLarge(eTag, response.versionId(), length));
        }
        int headLength = (int) Math.min(length != null ? length : max + 1, MemoryEstimate.HEAD_BYTES);
        byte[] head = body.readNBytes(headLength);
        if (length != null && head.length < headLength) {
            throw new IOException("body ended after " + head.length + " of " + length + " bytes");
        }
        boolean whole = length != null ? head.length == length : head.length < headLength;
        // Without a length, the most it may be: the body is read only up to the limit.
        long size = whole ? head.length : length != null ? length : max;
        share.claim(estimate.bytes(head, size, response.contentType()));
        if (whole) {
            // Already read, and small: it waits for its share (if it must) as it is.
            return Optional.of(read(response, eTag, head));
        }
        if (!share.granted()) {
            body.abort(); // wait holding none of the body; it is read again once the share is granted
            return Optional.empty();
        }
        if (length != null) {
            // one array of the announced size, filled in place (readNBytes(int) would collect chunks and copy them)
            byte[] bytes = Arrays.copyOf(head, length.intValue());
            int read = body.readNBytes(bytes, head.length, bytes.length - head.length);
            if (head.length + read < bytes.length) {
                throw new IOException("body ended after " + (head.length + read) + " of " + bytes.length + " bytes");
            }
            return Optional.of(read(response, eTag, bytes));
        }
        byte[] rest = body.readNBytes((int) (max + 1 - head.length));
        if (head.length + rest.length > max) {
            body.abort();
            share.giveBack();
            return Optional.of(Input.tooLarge(eTag, response.versionId(), -1));
        }
        byte[] bytes = Arrays.copyOf(head, head.length + rest.length);
        System.arraycopy(rest, 0, bytes, head.length, rest.length);
        return Optional.of(read(response, eTag, bytes));
    }

    private static Input read(GetObjectResponse response, String eTag, byte[] bytes) {
        return new Input(bytes, response.contentType(), eTag, response.versionId(), bytes.length, null);
    }

    /**
     * The share of the budget one read claims, kept across its attempts (a retried call, a read again
     * after the wait) and handed to the input it returns; given back when the read ends otherwise.
     */
    private final class Share implements AutoCloseable {
        private SinkMemory.Claim claim;

        /** Claims {@code bytes}, keeping a granted claim that covers them; never waits. */
        void claim(long bytes) {
            if (claim != null && claim.granted() && claim.bytes() >= bytes) {
                claim.shrinkTo(bytes);
                return;
            }
            // Not granted yet or too small (the input changed since the last look): the back of the line.
            giveBack();
            claim = memory.claim(bytes);
        }

        boolean granted() {
            return claim != null && claim.granted();
        }

        /** Waits until the claim, if any, is granted. */
        void await() throws InterruptedException {
            if (claim != null) {
                claim.await();
            }
        }

        /** The claim, now the input's to give back. */
        SinkMemory.Claim handOver() {
            SinkMemory.Claim handed = claim;
            claim = null;
            return handed;
        }

        void giveBack() {
            if (claim != null) {
                claim.close();
                claim = null;
            }
        }

        @Override
        public void close() {
            giveBack();
        }
    }
}
