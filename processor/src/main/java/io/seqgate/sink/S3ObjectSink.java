package io.seqgate.sink;

import io.seqgate.event.ETags;
import io.seqgate.event.EventKind;
import io.seqgate.event.ObjectEvent;
import io.seqgate.outcome.Decision;
import io.seqgate.event.Sequencers;
import io.seqgate.metrics.SeqgateMetrics;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Writes (or deletes) the output of one accepted event in an S3 bucket.
 *
 * <p><b>Reconcile mode</b> (COORDINATION=on) makes the side effect monotonic on its own, because S3
 * writes are outside Kafka's transaction and a zombie instance may still be uploading (DESIGN §2):
 * the input is read pinned to the event (by versionId, else {@code If-Match: <event eTag>}), and the
 * output is replaced by compare-and-swap on the source sequencer recorded in its user metadata
 * ({@value #META_SEQUENCER}). Running an event again is harmless: its own output already records its
 * sequencer, so the second run ends SUPERSEDED and changes nothing. For the same reason a write whose
 * response was lost and is retried ends SUPERSEDED by its own sequencer. An output with no recorded
 * sequencer (written by something else) counts as older than any event.
 *
 * <p><b>Naive mode</b> (COORDINATION=off) is the baseline the demo compares against, what a typical
 * consumer does: read the latest (or the event's version), transform, write; delete on remove.
 *
 * <p><b>Time.</b> S3 calls are made with the SDK's retries off ({@link S3Clients}); {@link S3Calls}
 * retries transient errors (5xx, throttling, timeouts, connection refused/reset) with capped
 * exponential backoff until {@link SinkSettings#retryBudget()}, measured from the start of
 * {@link #apply}, is spent; no retry starts after that. One event makes at most
 * {@code 1 + 2 × maxWriteRounds} calls (read or HEAD input, then HEAD + PUT/DELETE output per round),
 * each bounded by the client's call timeout, so {@link #worstCaseApplyTime} is
 * {@code (1 + 2 × maxWriteRounds) × callTimeout + retryBudget}. With seqgate's defaults
 * ({@code SEQGATE_S3_CALL_TIMEOUT} 5 s, 3 rounds, {@code SEQGATE_S3_RETRY_BUDGET} 20 s, backoff 100 ms
 * doubling to 2 s) that is {@code 7 × 5 s + 20 s = 55 s}, plus the transform's own CPU time; the
 * producer's {@code transaction.timeout.ms} is sized from it ({@code StreamsProperties}: 3 × that,
 * at least 60 s — the Streams EOS default of 10 s is not enough), within the broker's
 * {@code transaction.max.timeout.ms} (default 15 min).
 *
 * <p>The identity needs {@code s3:GetObject} (and {@code s3:GetObjectVersion}) plus {@code s3:ListBucket}
 * on the input bucket (without it S3 answers a HEAD of a missing key with 403, not 404), and
 * {@code s3:GetObject}, {@code s3:PutObject}, {@code s3:DeleteObject}, {@code s3:ListBucket} on the output.
 */
public final class S3ObjectSink implements ObjectSink {

    /** Output user metadata; lower case because HEAD returns metadata keys lower-cased anyway. */
    public static final String META_SEQUENCER = "seqgate-source-sequencer";
    public static final String META_ETAG = "seqgate-source-etag";
    public static final String META_VERSION_ID = "seqgate-source-version-id";

    private static final Logger log = LoggerFactory.getLogger(S3ObjectSink.class);

    private final S3Client s3;
    private final SinkSettings settings;
    private final Transform transform;
    private final SeqgateMetrics metrics;
    private final S3Calls s3Calls;

    public S3ObjectSink(S3Client s3, SinkSettings settings, Transform transform) {
        this(s3, settings, transform, SeqgateMetrics.none());
    }

    /** @param metrics times every S3 call attempt and every transform */
    public S3ObjectSink(S3Client s3, SinkSettings settings, Transform transform, SeqgateMetrics metrics) {
        this(s3, settings, transform, Clock.systemUTC(), d -> Thread.sleep(d.toMillis()), metrics);
    }

    S3ObjectSink(S3Client s3, SinkSettings settings, Transform transform, Clock clock, S3Calls.Sleeper sleeper) {
        this(s3, settings, transform, clock, sleeper, SeqgateMetrics.none());
    }

    private S3ObjectSink(S3Client s3, SinkSettings settings, Transform transform, Clock clock, S3Calls.Sleeper sleeper,
                         SeqgateMetrics metrics) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.transform = Objects.requireNonNull(transform, "transform");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.s3Calls = new S3Calls(settings, clock, sleeper, metrics);
    }

    /**
     * The longest one {@link #apply} can take on S3 (the transform's CPU time aside), for
     * {@code transaction.timeout.ms}: {@code (1 + 2 × maxWriteRounds) × callTimeout + retryBudget}.
     *
     * @param callTimeout the call timeout the S3 client was built with ({@link S3Clients#create})
     */
    public static Duration worstCaseApplyTime(SinkSettings settings, Duration callTimeout) {
        return callTimeout.multipliedBy(1 + 2L * settings.maxWriteRounds()).plus(settings.retryBudget());
    }

    @Override
    public SinkResult apply(ObjectEvent event) {
        S3Calls.Budget calls = s3Calls.startBudget();
        SinkResult result;
        try {
            result = switch (event.kind()) {
                case CREATED -> settings.reconcile() ? reconcileCreate(event, calls) : naiveCreate(event, calls);
                case REMOVED -> settings.reconcile() ? reconcileRemove(event, calls) : naiveRemove(event, calls);
                case OTHER -> SinkResult.failed("programming error: a " + event.eventName()
                        + " event reached the sink; only creates and removes pass the gate");
            };
        } catch (S3Calls.Unavailable e) {
            result = SinkResult.failed(e.getMessage());
        } catch (SdkServiceException e) {
            result = SinkResult.failed("S3 refused " + calls.current() + ": " + S3Calls.describe(e));
        } catch (SdkException e) {
            result = SinkResult.failed("S3 call " + calls.current() + " failed: " + S3Calls.describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result = SinkResult.failed("interrupted while waiting to retry " + calls.current());
        }
        switch (result.decision()) {
            case FAILED -> log.warn("{} {} seq {}: FAILED: {}", event.eventName(), event.objectKey(),
                    event.sequencer(), result.reason());
            case UNSUPPORTED -> log.info("{} {} seq {}: UNSUPPORTED: {}", event.eventName(), event.objectKey(),
                    event.sequencer(), result.reason());
            default -> log.debug("{} {} seq {}: {}: {}", event.eventName(), event.objectKey(),
                    event.sequencer(), result.decision(), result.reason());
        }
        return result;
    }

    private SinkResult reconcileCreate(ObjectEvent event, S3Calls.Budget calls) throws InterruptedException {
        if (event.sequencer() == null) {
            return noSequencer(event);
        }
        GetObjectRequest.Builder get = GetObjectRequest.builder().bucket(event.bucket()).key(event.key());
        if (event.versionId() != null) {
            get.versionId(event.versionId());
        } else if (event.eTag() != null) {
            get.ifMatch(ETags.quoted(event.eTag()));
        }
        // With neither (no notification shape we parse sends a create without an eTag) the read is
        // unpinned; the output compare-and-swap below still keeps an older event from winning.
        return readTransformWrite(event, get.build(), calls);
    }

    private SinkResult naiveCreate(ObjectEvent event, S3Calls.Budget calls) throws InterruptedException {
        GetObjectRequest.Builder get = GetObjectRequest.builder().bucket(event.bucket()).key(event.key());
        if (event.versionId() != null) {
            get.versionId(event.versionId());
        }
        return readTransformWrite(event, get.build(), calls);
    }

    private SinkResult readTransformWrite(ObjectEvent event, GetObjectRequest get, S3Calls.Budget calls)
            throws InterruptedException {
        if (event.size() != null && event.size() > settings.maxObjectBytes()) {
            return tooLarge(event.size());
        }
        Input input;
        try {
            input = calls.run("GET", s3Url(event.bucket(), event.key()), () -> s3.getObject(get, this::readBounded));
        } catch (S3Exception e) {
            if (e.statusCode() == 412) {
                return SinkResult.superseded("input changed since this event: a newer version exists");
            }
            if (isMissingObject(e)) {
                return SinkResult.superseded("input no longer exists");
            }
            throw e;
        }
        if (input.bytes() == null) {
            return tooLarge(input.length());
        }

        Transform.Transformed output;
        long transformStart = System.nanoTime();
        try {
            output = transform.apply(input.bytes(), input.contentType());
        } catch (UnsupportedObjectException e) {
            return SinkResult.unsupported(e.getMessage());
        } catch (RuntimeException e) {
            log.warn("transform threw for {}", event.objectKey(), e);
            return SinkResult.failed("transform failed: " + e);
        } finally {
            metrics.transform(Duration.ofNanos(System.nanoTime() - transformStart));
        }

        Map<String, String> metadata = new HashMap<>();
        if (event.sequencer() != null) {
            metadata.put(META_SEQUENCER, event.sequencer());
        }
        putIfNotNull(metadata, META_ETAG, input.eTag() != null ? input.eTag() : event.eTag());
        putIfNotNull(metadata, META_VERSION_ID, input.versionId() != null ? input.versionId() : event.versionId());
        return settings.reconcile() ? swapOutput(event, output, metadata, calls) : overwriteOutput(event, output, metadata, calls);
    }

    /** Reads the body inside the call (so the call timeout covers it), never more than the limit. */
    private Input readBounded(GetObjectResponse response, AbortableInputStream body) throws IOException {
        long max = settings.maxObjectBytes();
        Long length = response.contentLength();
        if (length != null && length > max) {
            body.abort(); // drop the connection rather than drain a body we will not use
            return new Input(null, null, null, null, length);
        }
        byte[] bytes = body.readNBytes((int) max + 1);
        if (bytes.length > max) {
            body.abort();
            return new Input(null, null, null, null, -1);
        }
        return new Input(bytes, response.contentType(), ETags.unquoted(response.eTag()), response.versionId(), bytes.length);
    }

    private SinkResult swapOutput(ObjectEvent event, Transform.Transformed output, Map<String, String> metadata,
            S3Calls.Budget calls) throws InterruptedException {
        String outputKey = settings.outputKey(event.bucket(), event.key());
        for (int round = 1; round <= settings.maxWriteRounds(); round++) {
            HeadObjectResponse current = headOrNull(settings.outputBucket(), outputKey, calls);
            String recorded = recordedSequencer(current);
            if (recorded != null && Sequencers.compare(recorded, event.sequencer()) >= 0) {
                return SinkResult.superseded("output already reflects sequencer " + recorded);
            }
            if (current == null && headOrNull(event.bucket(), event.key(), calls) == null) {
                // No output and no input: the input was removed after this event's bytes were read
                // (this writer was slow, or lost its partition), and that remove has deleted the output
                // or will. Deleting the output also deleted its recorded sequencer, so writing now would
                // bring back the output of a deleted input. Only the instant between this HEAD and the
                // PUT below stays open to that.
                return SinkResult.superseded("input was removed after this event was read");
            }
            PutObjectRequest.Builder put = putRequest(outputKey, output, metadata);
            if (current == null) {
                put.ifNoneMatch("*");
            } else {
                put.ifMatch(current.eTag());
            }
            try {
                PutObjectResponse written = calls.run("PUT", s3Url(settings.outputBucket(), outputKey),
                        () -> s3.putObject(put.build(), RequestBody.fromBytes(output.bytes())));
                return SinkResult.done("wrote output from sequencer " + event.sequencer(), outputKey,
                        ETags.unquoted(written.eTag()));
            } catch (S3Exception e) {
                if (!lostRace(e)) {
                    throw e;
                }
                log.debug("{}: output changed between HEAD and PUT (HTTP {}), round {}", event.objectKey(),
                        e.statusCode(), round);
            }
        }
        return SinkResult.failed("output " + s3Url(settings.outputBucket(), outputKey) + " changed under "
                + settings.maxWriteRounds() + " conditional writes in a row (maxWriteRounds)");
    }

    private SinkResult overwriteOutput(ObjectEvent event, Transform.Transformed output, Map<String, String> metadata,
            S3Calls.Budget calls) throws InterruptedException {
        String outputKey = settings.outputKey(event.bucket(), event.key());
        PutObjectResponse written = calls.run("PUT", s3Url(settings.outputBucket(), outputKey),
                () -> s3.putObject(putRequest(outputKey, output, metadata).build(), RequestBody.fromBytes(output.bytes())));
        return SinkResult.done("wrote output (unconditionally)", outputKey, ETags.unquoted(written.eTag()));
    }

    private PutObjectRequest.Builder putRequest(String outputKey, Transform.Transformed output,
            Map<String, String> metadata) {
        return PutObjectRequest.builder()
                .bucket(settings.outputBucket())
                .key(outputKey)
                .contentType(output.contentType())
                .metadata(metadata);
    }

    private SinkResult reconcileRemove(ObjectEvent event, S3Calls.Budget calls) throws InterruptedException {
        if (event.sequencer() == null) {
            return noSequencer(event);
        }
        HeadObjectResponse input = headOrNull(event.bucket(), event.key(), calls);
        if (input != null) {
            // The key still has content: a newer create whose event is still on its way, or — in a
            // versioned bucket — the remove deleted a non-current version, or the current one and the
            // key fell back to the previous version. Whichever, the output must show what the input
            // shows now. The remove's sequencer orders that write against every other: if the newer
            // create's event was handled already, the compare-and-swap keeps its output; if it comes
            // later, it rewrites this one.
            ObjectEvent current = new ObjectEvent(event.bucket(), event.key(), event.eventName(), EventKind.CREATED,
                    event.sequencer(), ETags.unquoted(input.eTag()), input.versionId(), input.contentLength(),
                    input.contentType(), event.eventTime(), event.source());
            SinkResult rewritten = reconcileCreate(current, calls);
            return rewritten.decision() == Decision.DONE
                    ? SinkResult.done("input still exists after this remove: output rewritten from its current version",
                            rewritten.outputKey(), rewritten.outputETag())
                    : rewritten;
        }
        String outputKey = settings.outputKey(event.bucket(), event.key());
        for (int round = 1; round <= settings.maxWriteRounds(); round++) {
            HeadObjectResponse current = headOrNull(settings.outputBucket(), outputKey, calls);
            if (current == null) {
                return SinkResult.done("output already absent", outputKey, null);
            }
            String recorded = recordedSequencer(current);
            if (recorded != null && Sequencers.compare(recorded, event.sequencer()) >= 0) {
                return SinkResult.superseded("output already reflects sequencer " + recorded);
            }
            // S3 honours If-Match on DeleteObject in general purpose buckets; S3Proxy 4.1.0 does too
            // (natively for aws-s3/azureblob back ends, as HEAD-compare-delete inside the proxy for its
            // filesystem/transient ones). A server that ignores the header deletes unconditionally,
            // which reopens the window between our HEAD and this DELETE: a newer output written in
            // that window would be deleted until the next create of the key rewrites it.
            DeleteObjectRequest delete = DeleteObjectRequest.builder()
                    .bucket(settings.outputBucket()).key(outputKey).ifMatch(current.eTag()).build();
            try {
                calls.run("DELETE", s3Url(settings.outputBucket(), outputKey), () -> s3.deleteObject(delete));
                return SinkResult.done("deleted output", outputKey, null);
            } catch (S3Exception e) {
                if (!lostRace(e)) {
                    throw e;
                }
                log.debug("{}: output changed between HEAD and DELETE (HTTP {}), round {}", event.objectKey(),
                        e.statusCode(), round);
            }
        }
        return SinkResult.failed("output " + s3Url(settings.outputBucket(), outputKey) + " changed under "
                + settings.maxWriteRounds() + " conditional deletes in a row (maxWriteRounds)");
    }

    private SinkResult naiveRemove(ObjectEvent event, S3Calls.Budget calls) throws InterruptedException {
        String outputKey = settings.outputKey(event.bucket(), event.key());
        calls.run("DELETE", s3Url(settings.outputBucket(), outputKey),
                () -> s3.deleteObject(b -> b.bucket(settings.outputBucket()).key(outputKey)));
        return SinkResult.done("deleted output (unconditionally)", outputKey, null);
    }

    private HeadObjectResponse headOrNull(String bucket, String key, S3Calls.Budget calls) throws InterruptedException {
        try {
            return calls.run("HEAD", s3Url(bucket, key), () -> s3.headObject(HeadObjectRequest.builder()
                    .bucket(bucket).key(key).build()));
        } catch (S3Exception e) {
            // a HEAD error has no body, so a missing bucket also reads as 404 here; the write that
            // follows then fails with NoSuchBucket, which is reported
            if (e.statusCode() == 404) {
                return null;
            }
            throw e;
        }
    }

    private SinkResult tooLarge(long length) {
        return SinkResult.unsupported("object is " + (length >= 0 ? length + " bytes" : "larger than the limit")
                + ", over the limit of " + settings.maxObjectBytes() + " bytes (SEQGATE_MAX_OBJECT_BYTES)");
    }

    private static SinkResult noSequencer(ObjectEvent event) {
        return SinkResult.failed("programming error: " + event.eventName() + " " + event.objectKey()
                + " has no sequencer and reached the sink; the gate drops such events");
    }

    private static String recordedSequencer(HeadObjectResponse head) {
        return head == null || !head.hasMetadata() ? null : head.metadata().get(META_SEQUENCER);
    }

    /**
     * Someone wrote or deleted the output between our HEAD and our conditional request: 412 on an
     * If-Match/If-None-Match mismatch, 409 ConditionalRequestConflict when S3 sees two at once, 404
     * when an If-Match target was deleted meanwhile. Any of them: look again.
     */
    private static boolean lostRace(S3Exception e) {
        return e.statusCode() == 412 || e.statusCode() == 409 || isMissingObject(e);
    }

    private static boolean isMissingObject(S3Exception e) {
        return e.statusCode() == 404 && !"NoSuchBucket".equals(S3Calls.errorCode(e));
    }

    private static String s3Url(String bucket, String key) {
        return "s3://" + bucket + "/" + key;
    }

    private static void putIfNotNull(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    /** The input as read; {@code bytes} is null when it was over the limit (then {@code length} is its size or -1). */
    private record Input(byte[] bytes, String contentType, String eTag, String versionId, long length) {
    }
}
