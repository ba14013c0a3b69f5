package io.seqgate.sink;

import io.seqgate.event.ETags;
import io.seqgate.event.EventKind;
import io.seqgate.event.LogSafe;
import io.seqgate.event.ObjectEvent;
import io.seqgate.event.Sequencers;
import io.seqgate.metrics.SeqgateMetrics;
import io.seqgate.outcome.Decision;
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
import software.amazon.awssdk.http.ContentStreamProvider;
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
 * writes are outside Kafka's transaction and a zombie instance may still be uploading (docs/design.md §2). The rule it keeps: the output shows the transform of the input's newest version,
 * or does not exist.
 * <ul>
 *   <li>A create reads the input's current version, and only if it is the event's version
 *       ({@code If-Match: <event eTag>}, and the versionId the answer names must be the event's): an
 *       event about a version that is no longer current ends SUPERSEDED, whatever its kind, so the
 *       output never goes back to an older version.</li>
 *   <li>The output is replaced by compare-and-swap on the source sequencer recorded in its user
 *       metadata ({@value #META_SEQUENCER}): HEAD, compare, then PUT or DELETE with
 *       {@code If-Match: <output eTag>}, going round again when someone else wrote in between (a
 *       create first tries {@code If-None-Match: *}, which needs no look, unless it knows the output
 *       exists). An
 *       output that records a newer sequencer is kept. One that records none, or something that is
 *       not a sequencer, was written by something else and counts as older than any event.</li>
 *   <li>Where there is no output, the writer checks just before its {@code If-None-Match: *} PUT that
 *       the version it read is still the input's current one: a remove that deleted the output also
 *       deleted its recorded sequencer, and the check keeps a slow writer from bringing the output of a
 *       removed or replaced input back.</li>
 *   <li>Running an event again is harmless: its own output, recorded at its sequencer from the same
 *       source (eTag and versionId), is found in place and the event ends DONE.</li>
 *   <li>At an equal sequencer a remove wins over a create: MinIO stamps an event with the modification
 *       time of the object information it is sent with (cmd/event-notification.go, {@code eventArgs.ToEvent}),
 *       and its lifecycle expiry of every version sends the expired current version itself
 *       (cmd/data-scanner.go), so {@code s3:ObjectRemoved:DeleteAllVersions} carries the sequencer of the
 *       last Put. A client's delete, of a key or of one version, is stamped with the time of the delete
 *       (cmd/erasure-object.go, {@code DeleteObject}) and is simply later.</li>
 *   <li>An input whose newest version cannot be transformed ends UNSUPPORTED, and the output of an
 *       older sequencer is deleted (compare-and-swap, as for a remove).</li>
 * </ul>
 *
 * <p><b>Naive mode</b> (COORDINATION=off) is the baseline the demo compares against, what a typical
 * consumer does: read the latest (or the event's version), transform, write; delete on remove.
 *
 * <p><b>Time.</b> S3 calls are made with the SDK's retries off ({@link S3Clients}); {@link S3Calls}
 * retries transient errors (5xx, throttling, timeouts, connection refused/reset) with capped
 * exponential backoff until {@link SinkSettings#retryBudget()}, measured from the start of
 * {@link #apply}, is spent; no retry starts after that. {@link #worstCaseCalls} is the most calls one
 * event can make and {@link #worstCaseApplyTime} the longest it can take on S3; the producer's
 * {@code transaction.timeout.ms} is sized from the latter ({@code StreamsProperties}).
 *
 * <p>The identity needs {@code s3:GetObject} (and {@code s3:GetObjectVersion}) plus {@code s3:ListBucket}
 * on the input bucket (without it S3 answers a HEAD of a missing key with 403, not 404), and
 * {@code s3:GetObject}, {@code s3:PutObject}, {@code s3:DeleteObject}, {@code s3:ListBucket} on the output.
 */
public final class S3ObjectSink implements ObjectSink {

    /** Output user metadata; lower case as S3 returns it, but read in any case another server may send. */
    public static final String META_SEQUENCER = "seqgate-source-sequencer";

    public static final String META_ETAG = "seqgate-source-etag";
    public static final String META_VERSION_ID = "seqgate-source-version-id";

    /**
     * How many output keys the sink remembers as existing (to choose which write to try first) and as
     * reported foreign (to report each once): about a megabyte each at most, for typical keys.
     */
    private static final int REMEMBERED_OUTPUTS = 10_000;

    private static final Logger log = LoggerFactory.getLogger(S3ObjectSink.class);

    private final S3Client s3;
    private final SinkSettings settings;
    private final Transform transform;
    private final SeqgateMetrics metrics;
    private final S3Calls s3Calls;
    private final RecentKeys existingOutputs = new RecentKeys(REMEMBERED_OUTPUTS);
    private final RecentKeys reportedForeign = new RecentKeys(REMEMBERED_OUTPUTS);

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

    private S3ObjectSink(
            S3Client s3,
            SinkSettings settings,
            Transform transform,
            Clock clock,
            S3Calls.Sleeper sleeper,
            SeqgateMetrics metrics) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.transform = Objects.requireNonNull(transform, "transform");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.s3Calls = new S3Calls(settings, clock, sleeper, metrics);
    }

    /**
     * The most S3 calls one {@link #apply} makes, retries of transient errors aside. The worst path is
     * a remove while the input still exists, with every compare-and-swap round lost: GET the input's
     * current version, then per round HEAD the output (absent), HEAD the input (still current) and PUT
     * {@code If-None-Match: *} (refused). Every other path makes fewer: a create makes the same rounds
     * except that its first may skip the HEAD of the output; a remove of a gone input, or an
     * unsupported version, makes one read and then rounds of HEAD + DELETE.
     */
    public static int worstCaseCalls(SinkSettings settings) {
        return 1 + 3 * settings.maxWriteRounds();
    }

    /**
     * The longest one {@link #apply} can take on S3 (the transform's CPU time aside), for
     * {@code transaction.timeout.ms}: {@code worstCaseCalls × callTimeout + retryBudget}, since every
     * call is bounded by the call timeout and retries only start within the budget.
     *
     * @param callTimeout the call timeout the S3 client was built with ({@link S3Clients#create})
     */
    public static Duration worstCaseApplyTime(SinkSettings settings, Duration callTimeout) {
        return callTimeout.multipliedBy(worstCaseCalls(settings)).plus(settings.retryBudget());
    }

    @Override
    public SinkResult apply(ObjectEvent event) {
        S3Calls.Budget calls = s3Calls.startBudget();
        SinkResult result;
        try {
            result = switch (event.kind()) {
                case CREATED -> settings.reconcile() ? reconcileCreate(event, calls) : naiveCreate(event, calls);
                case REMOVED -> settings.reconcile() ? reconcileRemove(event, calls) : naiveRemove(event, calls);
                case OTHER ->
                    SinkResult.failed("programming error: a " + event.eventName()
                            + " event reached the sink; only creates and removes pass the gate");
            };
        } catch (TransformFailed e) {
            log.warn("transform threw for {}", LogSafe.of(event.objectKey()), e.getCause());
            result = SinkResult.failed("transform failed: " + e.getCause());
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
            case FAILED ->
                log.warn(
                        "{} {} seq {}: FAILED: {}",
                        LogSafe.of(event.eventName()),
                        LogSafe.of(event.objectKey()),
                        LogSafe.of(event.sequencer()),
                        LogSafe.of(result.reason()));
            case UNSUPPORTED ->
                log.info(
                        "{} {} seq {}: UNSUPPORTED: {}",
                        LogSafe.of(event.eventName()),
                        LogSafe.of(event.objectKey()),
                        LogSafe.of(event.sequencer()),
                        LogSafe.of(result.reason()));
            default ->
                log.debug(
                        "{} {} seq {}: {}: {}",
                        LogSafe.of(event.eventName()),
                        LogSafe.of(event.objectKey()),
                        LogSafe.of(event.sequencer()),
                        result.decision(),
                        LogSafe.of(result.reason()));
        }
        return result;
    }

    private SinkResult reconcileCreate(ObjectEvent event, S3Calls.Budget calls) throws InterruptedException {
        if (event.sequencer() == null) {
            return noSequencer(event);
        }
        if (event.size() != null && event.size() > settings.maxObjectBytes()) {
            return unsupported(event, tooLarge(event.size()), calls);
        }
        // The current version, not the event's version by id: an event about a version that is no
        // longer current must not write (a newer version's event will), and If-Match makes S3 refuse
        // any other content. With neither eTag nor versionId (no notification shape we parse sends a
        // create without an eTag) the read is unpinned; the compare-and-swap still keeps an older
        // event from winning.
        GetObjectRequest.Builder get =
                GetObjectRequest.builder().bucket(event.bucket()).key(event.key());
        if (event.eTag() != null) {
            get.ifMatch(ETags.quoted(event.eTag()));
        }
        Input input;
        try {
            input = read(event, get.build(), calls);
        } catch (S3Exception e) {
            if (e.statusCode() == 412) {
                return SinkResult.superseded("input changed since this event: a newer version exists");
            }
            if (isMissingObject(e)) {
                return SinkResult.superseded("input no longer exists");
            }
            throw e;
        }
        // Same content can come back as a new version (same eTag); only the version id tells. A server
        // that names no version in its answer leaves the eTag as the only pin.
        if (event.versionId() != null
                && input.versionId() != null
                && !event.versionId().equals(input.versionId())) {
            return SinkResult.superseded("version " + event.versionId()
                    + " is no longer the input's current version: a newer version exists");
        }
        return transformAndSwap(
                event,
                input,
                calls,
                new Reasons(
                        "wrote output from sequencer " + event.sequencer(),
                        "output already in place: written from this version at sequencer " + event.sequencer(),
                        ""));
    }

    private SinkResult reconcileRemove(ObjectEvent event, S3Calls.Budget calls) throws InterruptedException {
        if (event.sequencer() == null) {
            return noSequencer(event);
        }
        Input current = readCurrentOrNull(event, calls);
        if (current != null) {
            // The key still has content: a newer create whose event is still on its way, or — in a
            // versioned bucket — the remove deleted a non-current version, or the current one and the
            // key fell back to the previous version. Whichever, the output must show what the input
            // shows now. The remove's sequencer orders that write against every other: if the newer
            // create's event was handled already, the compare-and-swap keeps its output; if it comes
            // later, it rewrites this one.
            return transformAndSwap(
                    event,
                    current,
                    calls,
                    new Reasons(
                            "input still exists after this remove: output rewritten from its current version",
                            "input still exists after this remove: output already shows its current version",
                            "input still exists after this remove, but its current version cannot be transformed: "));
        }
        String outputKey = settings.outputKey(event.bucket(), event.key());
        Swap swap = swapOutput(event, null, null, calls);
        return switch (swap.ending()) {
            case DELETED -> SinkResult.done("deleted output", outputKey, null);
            case ABSENT -> SinkResult.done("output already absent", outputKey, null);
            case NEWER -> SinkResult.superseded("output already reflects sequencer " + swap.recordedSequencer());
            case CONTENDED -> contended(outputKey, "conditional deletes");
            default -> throw new IllegalStateException("a delete ended " + swap.ending());
        };
    }

    /** What a transform-and-write says when it is done; {@code unsupportedPrefix} goes before the transform's refusal. */
    private record Reasons(String written, String inPlace, String unsupportedPrefix) {}

    private SinkResult transformAndSwap(ObjectEvent event, Input input, S3Calls.Budget calls, Reasons reasons)
            throws InterruptedException {
        if (input.bytes() == null) {
            return unsupported(event, reasons.unsupportedPrefix() + tooLarge(input.length()), calls);
        }
        Transform.Transformed output;
        try {
            output = transform(input);
        } catch (UnsupportedObjectException e) {
            return unsupported(event, reasons.unsupportedPrefix() + e.getMessage(), calls);
        }
        String outputKey = settings.outputKey(event.bucket(), event.key());
        Swap swap = swapOutput(event, input, output, calls);
        return switch (swap.ending()) {
            case WRITTEN -> SinkResult.done(reasons.written(), outputKey, swap.outputETag());
            case IN_PLACE -> SinkResult.done(reasons.inPlace(), outputKey, swap.outputETag());
            case NEWER -> SinkResult.superseded("output already reflects sequencer " + swap.recordedSequencer());
            case INPUT_REMOVED -> SinkResult.superseded("input was removed after this event was read");
            case INPUT_CHANGED ->
                SinkResult.superseded("input changed after this event was read: a newer version is current");
            case CONTENDED -> contended(outputKey, "conditional writes");
            default -> throw new IllegalStateException("a write ended " + swap.ending());
        };
    }

    /**
     * The newest version cannot be transformed, so no output can show it; an output of an older
     * sequencer would show a version that is no longer the input's, and is deleted the way a remove
     * deletes (the same compare-and-swap, the same equal-sequencer rule).
     */
    private SinkResult unsupported(ObjectEvent event, String reason, S3Calls.Budget calls) throws InterruptedException {
        String outputKey = settings.outputKey(event.bucket(), event.key());
        Swap swap = swapOutput(event, null, null, calls);
        return switch (swap.ending()) {
            case DELETED ->
                new SinkResult(
                        Decision.UNSUPPORTED,
                        reason + "; deleted the output of "
                                + (swap.recordedSequencer() == null
                                        ? "unknown origin (no seqgate sequencer)"
                                        : "older sequencer " + swap.recordedSequencer()),
                        outputKey,
                        null);
            case ABSENT -> SinkResult.unsupported(reason);
            case NEWER ->
                SinkResult.unsupported(reason + "; output kept: it reflects sequencer " + swap.recordedSequencer());
            case CONTENDED -> contended(outputKey, "conditional deletes");
            default -> throw new IllegalStateException("a delete ended " + swap.ending());
        };
    }

    private SinkResult naiveCreate(ObjectEvent event, S3Calls.Budget calls) throws InterruptedException {
        if (event.size() != null && event.size() > settings.maxObjectBytes()) {
            return SinkResult.unsupported(tooLarge(event.size()));
        }
        GetObjectRequest.Builder get =
                GetObjectRequest.builder().bucket(event.bucket()).key(event.key());
        if (event.versionId() != null) {
            get.versionId(event.versionId());
        }
        Input input;
        try {
            input = read(event, get.build(), calls);
        } catch (S3Exception e) {
            if (isMissingObject(e)) {
                return SinkResult.superseded("input no longer exists");
            }
            throw e;
        }
        if (input.bytes() == null) {
            return SinkResult.unsupported(tooLarge(input.length()));
        }
        Transform.Transformed output;
        try {
            output = transform(input);
        } catch (UnsupportedObjectException e) {
            return SinkResult.unsupported(e.getMessage());
        }
        String outputKey = settings.outputKey(event.bucket(), event.key());
        PutObjectRequest put =
                putRequest(outputKey, output, metadata(event, input)).build();
        PutObjectResponse written =
                calls.run("PUT", s3Url(settings.outputBucket(), outputKey), () -> s3.putObject(put, body(output)));
        return SinkResult.done("wrote output (unconditionally)", outputKey, ETags.unquoted(written.eTag()));
    }

    private SinkResult naiveRemove(ObjectEvent event, S3Calls.Budget calls) throws InterruptedException {
        String outputKey = settings.outputKey(event.bucket(), event.key());
        calls.run(
                "DELETE",
                s3Url(settings.outputBucket(), outputKey),
                () -> s3.deleteObject(b -> b.bucket(settings.outputBucket()).key(outputKey)));
        return SinkResult.done("deleted output (unconditionally)", outputKey, null);
    }

    /** How one compare-and-swap of the output ended. */
    private enum Ending {
        /** The output now holds the new bytes. */
        WRITTEN,
        /** The output was deleted. */
        DELETED,
        /** The output already holds this event's write: same sequencer, same source. */
        IN_PLACE,
        /** There is no output, and a delete has nothing to do. */
        ABSENT,
        /** The output reflects a newer event (or, for a create, another write at the same sequencer): kept. */
        NEWER,
        /** There is no output, and the input is gone: writing would bring back the output of a removed input. */
        INPUT_REMOVED,
        /** There is no output, and the input's current version is no longer the one read. */
        INPUT_CHANGED,
        /** Someone else changed the output between every look and write, {@link SinkSettings#maxWriteRounds()} times. */
        CONTENDED
    }

    /**
     * @param recordedSequencer the valid sequencer the output recorded when it was looked at last, or null
     * @param outputETag        the output's eTag after WRITTEN or IN_PLACE
     */
    private record Swap(Ending ending, String recordedSequencer, String outputETag) {}

    /**
     * The one compare-and-swap loop: puts {@code output} (or, when null, nothing) in place of the output
     * object, provided it does not hold a newer event's result.
     *
     * <p>Each round looks at the output (HEAD) and then writes conditionally on what it saw. A create
     * whose output this sink has not seen exist skips the first look and writes with
     * {@code If-None-Match: *} straight away: most creates make a new output, and then the write needs
     * no look (after the same check of the input as any write into an absent output). When an output
     * exists after all, S3 refuses that write with 412 and the next round looks as usual, so the guess
     * costs calls, never correctness. A delete, and a remove's rewrite, look first: their output
     * usually exists.
     *
     * @param source the input as read, for the output's metadata and the checks against it; null for a delete
     */
    private Swap swapOutput(ObjectEvent event, Input source, Transform.Transformed output, S3Calls.Budget calls)
            throws InterruptedException {
        String outputKey = settings.outputKey(event.bucket(), event.key());
        String outputUrl = s3Url(settings.outputBucket(), outputKey);
        boolean removal = event.kind() == EventKind.REMOVED;
        Map<String, String> metadata = output == null ? null : metadata(event, source);
        boolean look = output == null || removal || existingOutputs.contains(outputKey);
        for (int round = 1; round <= settings.maxWriteRounds(); round++) {
            HeadObjectResponse current = null;
            if (look) {
                current = headOrNull(settings.outputBucket(), outputKey, calls);
                remember(outputKey, current != null);
            }
            look = true; // after a refused write, every round looks
            String recordedSequencer = null;
            if (current == null) {
                if (output == null) {
                    return new Swap(Ending.ABSENT, null, null);
                }
                Ending moved = inputNoLongerAsRead(event, source, calls);
                if (moved != null) {
                    return new Swap(moved, null, null);
                }
            } else {
                Recorded recorded = recorded(current, outputUrl);
                recordedSequencer = recorded.sequencer();
                int order = recordedSequencer == null ? -1 : Sequencers.compare(recordedSequencer, event.sequencer());
                if (order == 0 && output != null && recorded.isFrom(source)) {
                    return new Swap(Ending.IN_PLACE, recordedSequencer, ETags.unquoted(current.eTag()));
                }
                // at an equal sequencer a remove wins over a create (see the class documentation)
                if (order > 0 || (order == 0 && !removal)) {
                    return new Swap(Ending.NEWER, recordedSequencer, null);
                }
            }
            try {
                if (output == null) {
                    // S3 honours If-Match on DeleteObject in general purpose buckets; S3Proxy 4.1.0 does too
                    // (natively for aws-s3/azureblob back ends, as HEAD-compare-delete inside the proxy for its
                    // filesystem/transient ones). A server that ignores the header deletes unconditionally,
                    // which reopens the window between our HEAD and this DELETE: a newer output written in
                    // that window would be deleted until the next create of the key rewrites it.
                    DeleteObjectRequest delete = DeleteObjectRequest.builder()
                            .bucket(settings.outputBucket())
                            .key(outputKey)
                            .ifMatch(current.eTag())
                            .build();
                    calls.run("DELETE", outputUrl, () -> s3.deleteObject(delete));
                    remember(outputKey, false);
                    return new Swap(Ending.DELETED, recordedSequencer, null);
                }
                PutObjectRequest.Builder put = putRequest(outputKey, output, metadata);
                if (current == null) {
                    put.ifNoneMatch("*");
                } else {
                    put.ifMatch(current.eTag());
                }
                PutObjectResponse written = calls.run("PUT", outputUrl, () -> s3.putObject(put.build(), body(output)));
                remember(outputKey, true);
                return new Swap(Ending.WRITTEN, recordedSequencer, ETags.unquoted(written.eTag()));
            } catch (S3Exception e) {
                if (!lostRace(e)) {
                    throw e;
                }
                log.debug(
                        "{}: output changed before {} (HTTP {}), round {}",
                        event.objectKey(),
                        output == null ? "DELETE" : "PUT",
                        e.statusCode(),
                        round);
            }
        }
        return new Swap(Ending.CONTENDED, null, null);
    }

    private void remember(String outputKey, boolean exists) {
        if (exists) {
            existingOutputs.add(outputKey);
        } else {
            existingOutputs.remove(outputKey);
        }
    }

    /**
     * Null when the input's current version is still the one {@code source} was read from; otherwise
     * how it moved on. Made just before writing into an absent output: see the class documentation.
     */
    private Ending inputNoLongerAsRead(ObjectEvent event, Input source, S3Calls.Budget calls)
            throws InterruptedException {
        HeadObjectResponse now = headOrNull(event.bucket(), event.key(), calls);
        if (now == null) {
            return Ending.INPUT_REMOVED;
        }
        boolean otherContent = source.eTag() != null && !source.eTag().equals(ETags.unquoted(now.eTag()));
        boolean otherVersion = source.versionId() != null
                && now.versionId() != null
                && !source.versionId().equals(now.versionId());
        return otherContent || otherVersion ? Ending.INPUT_CHANGED : null;
    }

    /** What an output's metadata says about its source; {@code sequencer} is null when no valid one is recorded. */
    private record Recorded(String sequencer, String eTag, String versionId) {
        boolean isFrom(Input input) {
            return input.eTag() != null && input.eTag().equals(eTag) && Objects.equals(input.versionId(), versionId);
        }
    }

    private Recorded recorded(HeadObjectResponse head, String outputUrl) {
        Map<String, String> metadata = head.hasMetadata() ? head.metadata() : Map.of();
        String sequencer = metadataValue(metadata, META_SEQUENCER);
        if (!Sequencers.isValid(sequencer)) {
            // A value that is not hex would sort above every real sequencer (letters G-Z come after
            // the hex digits) and freeze the output for good; whatever wrote it was not seqgate.
            if (reportedForeign.add(outputUrl)) {
                log.warn(
                        "Output {} was not written by seqgate ({} {}), so it counts as older than any event"
                                + " (reported once per output)",
                        LogSafe.of(outputUrl),
                        META_SEQUENCER,
                        sequencer == null ? "missing" : "is '" + LogSafe.of(sequencer) + "', not a sequencer");
            }
            sequencer = null;
        }
        return new Recorded(sequencer, metadataValue(metadata, META_ETAG), metadataValue(metadata, META_VERSION_ID));
    }

    /**
     * The SDK keeps user metadata keys in the case the server sent them. S3, MinIO and S3Proxy send
     * lower case; a server or proxy that sends {@code X-Amz-Meta-Seqgate-Source-Sequencer} must not make
     * the recorded sequencer look absent, or an older event could overwrite a newer output.
     */
    private static String metadataValue(Map<String, String> metadata, String key) {
        String exact = metadata.get(key);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, String> entry : metadata.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(key)) {
                return entry.getValue();
            }
        }
        return null;
    }

    private Map<String, String> metadata(ObjectEvent event, Input source) {
        Map<String, String> metadata = new HashMap<>();
        if (event.sequencer() != null) {
            metadata.put(META_SEQUENCER, event.sequencer());
        }
        putIfNotNull(metadata, META_ETAG, source.eTag() != null ? source.eTag() : event.eTag());
        putIfNotNull(metadata, META_VERSION_ID, source.versionId() != null ? source.versionId() : event.versionId());
        return metadata;
    }

    private Input read(ObjectEvent event, GetObjectRequest get, S3Calls.Budget calls) throws InterruptedException {
        return calls.run("GET", s3Url(event.bucket(), event.key()), () -> s3.getObject(get, this::readBounded));
    }

    /** The input's current version, or null when the key has none (deleted, or a delete marker on top). */
    private Input readCurrentOrNull(ObjectEvent event, S3Calls.Budget calls) throws InterruptedException {
        try {
            return read(
                    event,
                    GetObjectRequest.builder()
                            .bucket(event.bucket())
                            .key(event.key())
                            .build(),
                    calls);
        } catch (S3Exception e) {
            if (isMissingObject(e)) {
                return null;
            }
            throw e;
        }
    }

    /** Reads the body inside the call (so the call timeout covers it), never more than the limit. */
    private Input readBounded(GetObjectResponse response, AbortableInputStream body) throws IOException {
        long max = settings.maxObjectBytes();
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

    private Transform.Transformed transform(Input input) throws UnsupportedObjectException {
        long start = System.nanoTime();
        try {
            return transform.apply(input.bytes(), input.contentType());
        } catch (RuntimeException e) {
            throw new TransformFailed(e);
        } finally {
            metrics.transform(Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /**
     * The output bytes as a request body, without the copy {@link RequestBody#fromBytes} makes: the
     * transform's array is not changed after it returns.
     */
    private static RequestBody body(Transform.Transformed output) {
        return RequestBody.fromContentProvider(
                ContentStreamProvider.fromByteArrayUnsafe(output.bytes()), output.bytes().length, output.contentType());
    }

    private PutObjectRequest.Builder putRequest(
            String outputKey, Transform.Transformed output, Map<String, String> metadata) {
        return PutObjectRequest.builder()
                .bucket(settings.outputBucket())
                .key(outputKey)
                .contentType(output.contentType())
                .metadata(metadata);
    }

    private HeadObjectResponse headOrNull(String bucket, String key, S3Calls.Budget calls) throws InterruptedException {
        try {
            return calls.run(
                    "HEAD",
                    s3Url(bucket, key),
                    () -> s3.headObject(
                            HeadObjectRequest.builder().bucket(bucket).key(key).build()));
        } catch (S3Exception e) {
            // a HEAD error has no body, so a missing bucket also reads as 404 here; the write that
            // follows then fails with NoSuchBucket, which is reported
            if (e.statusCode() == 404) {
                return null;
            }
            throw e;
        }
    }

    private String tooLarge(long length) {
        return "object is " + (length >= 0 ? length + " bytes" : "larger than the limit") + ", over the limit of "
                + settings.maxObjectBytes() + " bytes (SEQGATE_MAX_OBJECT_BYTES)";
    }

    private SinkResult contended(String outputKey, String what) {
        return SinkResult.failed("output " + s3Url(settings.outputBucket(), outputKey) + " changed under "
                + settings.maxWriteRounds() + " " + what + " in a row (maxWriteRounds)");
    }

    private static SinkResult noSequencer(ObjectEvent event) {
        return SinkResult.failed("programming error: " + event.eventName() + " " + event.objectKey()
                + " has no sequencer and reached the sink; the gate drops such events");
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

    /**
     * The input as read; {@code bytes} is null when it was over the limit (then {@code length} is its
     * size or -1). {@code eTag} is unquoted; {@code versionId} is null when the server names none.
     */
    private record Input(byte[] bytes, String contentType, String eTag, String versionId, long length) {}

    /** The transform threw something other than its refusal: a bug, reported as FAILED. */
    private static final class TransformFailed extends RuntimeException {
        TransformFailed(RuntimeException cause) {
            super(cause);
        }
    }
}
