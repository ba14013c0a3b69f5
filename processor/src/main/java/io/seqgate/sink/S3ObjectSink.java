package io.seqgate.sink;

import io.seqgate.event.LogSafe;
import io.seqgate.event.ObjectEvent;
import io.seqgate.metrics.SeqgateMetrics;
import io.seqgate.transform.Transform;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Writes (or deletes) the output of one accepted event in an S3 bucket: in reconcile mode
 * (COORDINATION=on, {@link ReconcilingSink}) so that the output always shows the input's newest
 * version whatever the order and repetition of events; in naive mode (off, {@link NaiveSink}) as a
 * typical consumer would. Either way it turns every S3 error, and whatever the transform does wrong
 * ({@link MeteredTransform}), into a FAILED or UNSUPPORTED result, and logs each result. The transform is
 * any {@link Transform} (docs/transforms.md); every output records the identity it is given with it.
 *
 * <p><b>Time.</b> S3 calls are made with the SDK's retries off ({@link S3Clients}); {@link S3Calls}
 * retries transient errors (5xx, throttling, timeouts, connection refused/reset), and a transform's
 * transient failures, with capped exponential backoff until {@link SinkSettings#retryBudget()}, measured
 * from the start of {@link #apply}, is spent; no retry starts after that. {@link #worstCaseCalls} is the
 * most calls one event can make and {@link #worstCaseApplyTime} the longest it can take on S3 and in a
 * transform that bounds its calls; the producer's {@code transaction.timeout.ms} is sized from the
 * latter ({@code StreamsProperties}).
 *
 * <p>The identity needs {@code s3:GetObject} (and {@code s3:GetObjectVersion}) plus {@code s3:ListBucket}
 * on the input bucket (without it S3 answers a HEAD of a missing key with 403, not 404), and
 * {@code s3:GetObject}, {@code s3:PutObject}, {@code s3:DeleteObject}, {@code s3:ListBucket} on the output.
 */
public final class S3ObjectSink implements ObjectSink {

    /**
     * How many output keys the sink remembers as existing (to choose which write to try first) and as
     * reported foreign (to report each once): about a megabyte each at most, for typical keys.
     */
    private static final int REMEMBERED_OUTPUTS = 10_000;

    /**
     * The GETs of one read of an input at most: the first, and the one after a wait for memory (more only
     * when the input changes between the two, which pinned reads do not see).
     */
    static final int GETS_PER_READ = 2;

    /**
     * The estimate beside an unlimited budget, what it claims never waited for: images up to the default
     * pixel limit ({@code SEQGATE_MAX_PIXELS}).
     */
    private static final MemoryEstimate UNBOUNDED = MemoryEstimate.images(40_000_000L);

    private static final Logger log = LoggerFactory.getLogger(S3ObjectSink.class);

    private final S3Calls s3Calls;
    private final SinkMode mode;

    /**
     * Without a memory budget or metrics: for tests and tools that bound memory otherwise.
     *
     * @param transform         runs on every input ({@code runtime.Transforms} makes the configured one)
     * @param transformIdentity what every output records of the transform, {@code name/version}: an
     *                          output of another identity is out of date
     */
    public S3ObjectSink(S3Client s3, SinkSettings settings, Transform transform, String transformIdentity) {
        this(s3, settings, transform, transformIdentity, SinkMemory.unlimited(), UNBOUNDED, SeqgateMetrics.none());
    }

    /**
     * @param memory   the budget every job claims its share of before it reads an input (docs/sizing.md)
     * @param estimate how large that share is for an input
     * @param metrics  times every S3 call attempt and every transform
     */
    public S3ObjectSink(
            S3Client s3,
            SinkSettings settings,
            Transform transform,
            String transformIdentity,
            SinkMemory memory,
            MemoryEstimate estimate,
            SeqgateMetrics metrics) {
        this(
                s3,
                settings,
                transform,
                transformIdentity,
                memory,
                estimate,
                Clock.systemUTC(),
                d -> Thread.sleep(d.toMillis()),
                metrics);
    }

    S3ObjectSink(
            S3Client s3,
            SinkSettings settings,
            Transform transform,
            String transformIdentity,
            Clock clock,
            S3Calls.Sleeper sleeper) {
        this(s3, settings, transform, transformIdentity, SinkMemory.unlimited(), UNBOUNDED, clock, sleeper);
    }

    S3ObjectSink(
            S3Client s3,
            SinkSettings settings,
            Transform transform,
            String transformIdentity,
            SinkMemory memory,
            MemoryEstimate estimate,
            Clock clock,
            S3Calls.Sleeper sleeper) {
        this(s3, settings, transform, transformIdentity, memory, estimate, clock, sleeper, SeqgateMetrics.none());
    }

    private S3ObjectSink(
            S3Client s3,
            SinkSettings settings,
            Transform transform,
            String transformIdentity,
            SinkMemory memory,
            MemoryEstimate estimate,
            Clock clock,
            S3Calls.Sleeper sleeper,
            SeqgateMetrics metrics) {
        Objects.requireNonNull(s3, "s3");
        Objects.requireNonNull(settings, "settings");
        this.s3Calls = new S3Calls(settings, clock, sleeper, metrics);
        SinkParts parts = new SinkParts(
                settings,
                new InputReader(s3, settings.maxObjectBytes(), memory, estimate),
                new OutputBucket(s3, settings),
                new OutputMetadata(REMEMBERED_OUTPUTS),
                new MeteredTransform(transform, transformIdentity, settings.maxObjectBytes(), metrics));
        this.mode = settings.reconcile() ? new ReconcilingSink(parts, REMEMBERED_OUTPUTS) : new NaiveSink(parts);
    }

    /**
     * The most S3 calls one {@link #apply} makes, retries of transient errors aside. The worst path is
     * a remove while the input still exists, with every compare-and-swap round lost: GET the input's
     * current version, then per round HEAD the output (absent), HEAD the input (still current) and PUT
     * {@code If-None-Match: *} (refused). Every other path makes fewer: a create makes the same rounds
     * except that its first may skip the HEAD of the output; a remove of a gone input, or an
     * unsupported version, makes one read and then rounds of HEAD + DELETE. A reconcile record's settle
     * makes up to six calls a round ({@link Settle#worstCaseCalls}), the most of all. A read that had to
     * wait for memory GETs its input twice ({@link InputReader}), counted as {@link #GETS_PER_READ}.
     */
    public static int worstCaseCalls(SinkSettings settings) {
        return Math.max(GETS_PER_READ + 3 * settings.maxWriteRounds(), Settle.worstCaseCalls(settings));
    }

    /**
     * The most transform calls one {@link #apply} makes, retries of transient failures aside: one, except
     * for a reconcile record's settle, which transforms again in a round when the input moved on since
     * the last ({@link Settle}).
     */
    public static int worstCaseTransformCalls(SinkSettings settings) {
        return settings.maxWriteRounds();
    }

    /**
     * The longest one {@link #apply} can take on S3 (the transform's CPU time aside), for
     * {@code transaction.timeout.ms}: {@code worstCaseCalls × callTimeout + retryBudget}, since every
     * call is bounded by the call timeout and retries only start within the budget.
     *
     * @param callTimeout the call timeout the S3 client was built with ({@link S3Clients#create})
     */
    public static Duration worstCaseApplyTime(SinkSettings settings, Duration callTimeout) {
        return worstCaseApplyTime(settings, callTimeout, Optional.empty());
    }

    /**
     * The longest one {@link #apply} can take, with a transform that bounds its own calls (the http
     * transform's timeout): {@code worstCaseCalls × callTimeout + worstCaseTransformCalls × transformCall
     * + retryBudget}. A transform retried for a transient failure is retried within the same budget, and
     * only the last attempt of each call may end after it.
     *
     * @param transformCall the longest one transform call takes ({@code Transform.maxCallTime()}), or
     *                      empty for a transform that only computes (its time is not counted)
     */
    public static Duration worstCaseApplyTime(
            SinkSettings settings, Duration callTimeout, Optional<Duration> transformCall) {
        return callTimeout
                .multipliedBy(worstCaseCalls(settings))
                .plus(transformCall.orElse(Duration.ZERO).multipliedBy(worstCaseTransformCalls(settings)))
                .plus(settings.retryBudget());
    }

    @Override
    public SinkResult apply(ObjectEvent event) {
        S3Calls.Budget calls = s3Calls.startBudget();
        SinkResult result;
        try {
            result = switch (event.kind()) {
                case CREATED -> mode.create(event, calls);
                case REMOVED -> mode.remove(event, calls);
                case RECONCILE -> mode.settle(event, calls);
                case OTHER -> SinkResult.failed(SinkReasons.otherKind(event));
            };
        } catch (MeteredTransform.Failed e) {
            log.warn("transform threw for {}", LogSafe.of(event.objectKey()), e.getCause());
            result = SinkResult.failed(SinkReasons.transformFailed(e.getCause()));
        } catch (S3Calls.Unavailable e) {
            result = SinkResult.failed(e.getMessage());
        } catch (SdkServiceException e) {
            result = SinkResult.failed(SinkReasons.s3Refused(calls.current(), S3Calls.describe(e)));
        } catch (SdkException e) {
            result = SinkResult.failed(SinkReasons.s3CallFailed(calls.current(), S3Calls.describe(e)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result = SinkResult.failed(SinkReasons.interrupted(calls.waitingFor()));
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
}
