package io.seqgate.sink;

import io.seqgate.metrics.SeqgateMetrics;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * How the sink makes its S3 calls: one attempt at a time (the client's own retries are off, see
 * {@link S3Clients}), transient errors retried with capped exponential backoff and equal jitter
 * ({@link SinkSettings#backoffBase()} doubling up to {@link SinkSettings#backoffCap()}) until the
 * {@link SinkSettings#retryBudget()} of the event is spent, every attempt timed for the metrics.
 * No retry starts after the budget is spent, so the calls of one event take at most
 * {@code calls × call timeout + retry budget} ({@link S3ObjectSink#worstCaseApplyTime}). A transform
 * that fails transiently is tried again under the same budget ({@link MeteredTransform}).
 */
public final class S3Calls {

    private static final Logger log = LoggerFactory.getLogger(S3Calls.class);

    /** Waits between retries; tests pass one that only advances a fake clock. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** Something a job waits for that is not S3 (its share of the memory budget). */
    @FunctionalInterface
    public interface Wait {
        void await() throws InterruptedException;
    }

    /** The retry budget's end was reached with S3 still failing transiently. */
    public static final class Unavailable extends RuntimeException {
        Unavailable(String message) {
            super(message, null, false, false);
        }
    }

    private final SinkSettings settings;
    private final Clock clock;
    private final Sleeper sleeper;
    private final SeqgateMetrics metrics;

    /** The sink's retry rules for another caller (a reconcile pass): each budget is {@code settings}' retry budget. */
    public static S3Calls withSettingsOf(SinkSettings settings, SeqgateMetrics metrics) {
        return new S3Calls(settings, Clock.systemUTC(), d -> Thread.sleep(d.toMillis()), metrics);
    }

    S3Calls(SinkSettings settings, Clock clock, Sleeper sleeper, SeqgateMetrics metrics) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** Starts the calls of one event: they share one retry budget, counted from now. */
    public Budget startBudget() {
        return new Budget(clock.instant());
    }

    /** 5xx, throttling, S3's RequestTimeout (a 400), call timeouts, and I/O trouble such as refused or reset connections. */
    static boolean isTransient(SdkException e) {
        if (e instanceof AwsServiceException service) {
            return service.statusCode() >= 500
                    || service.statusCode() == 429
                    || service.isThrottlingException()
                    || "RequestTimeout".equals(errorCode(service))
                    || "SlowDown".equals(errorCode(service));
        }
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
            return true;
        }
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    static String errorCode(AwsServiceException e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }

    /** The error as a person reads it: S3's code, the HTTP status and S3's message, or the client-side failure. */
    static String describe(SdkException e) {
        if (e instanceof AwsServiceException service) {
            String code = errorCode(service);
            String message = service.awsErrorDetails() == null
                    ? null
                    : service.awsErrorDetails().errorMessage();
            return (code == null ? "" : code + " ") + "(HTTP " + service.statusCode() + ")"
                    + (message == null ? "" : ": " + message);
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    /** The S3 calls of one event. */
    public final class Budget {
        private final Instant start;
        private Instant deadline;
        /** Time spent in {@link #notCounting} waits, which the budget does not count. */
        private Duration paused = Duration.ZERO;

        private String current = "(no call yet)";
        /** What the job waits for, or waited for last: a retry of {@link #current}, or a {@link #notCounting} wait. */
        private String waitingFor = "(nothing yet)";

        private Budget(Instant start) {
            this.start = start;
            this.deadline = start.plus(settings.retryBudget());
        }

        /**
         * Waits for something other than S3 without spending the retry budget: the budget is for S3's
         * transient errors, and a job that waited long for memory must still be able to retry its calls.
         *
         * @param what what is waited for, for the reason of an interrupted wait, e.g.
         *             {@code for memory to read s3://bucket/key}
         */
        public void notCounting(String what, Wait wait) throws InterruptedException {
            Instant before = clock.instant();
            waitingFor = what;
            try {
                wait.await();
            } finally {
                Duration waited = Duration.between(before, clock.instant());
                paused = paused.plus(waited);
                deadline = deadline.plus(waited);
            }
        }

        /** The call made last, e.g. {@code PUT s3://bucket/key}, for the reason of a failure. */
        String current() {
            return current;
        }

        /** What the job waits for, or waited for last, e.g. {@code to retry PUT s3://bucket/key}. */
        String waitingFor() {
            return waitingFor;
        }

        /**
         * Runs one S3 call, retrying transient errors; any other S3 error is thrown to the caller.
         *
         * @param operation {@code GET}, {@code HEAD}, {@code PUT} or {@code DELETE}, as the metrics name it
         * @param target    what the call is about, e.g. {@code s3://bucket/key}
         * @throws Unavailable when a transient error is still there at the end of the retry budget
         */
        public <T> T run(String operation, String target, Supplier<T> call) throws InterruptedException {
            String what = operation + " " + target;
            current = what;
            for (int attempt = 1; ; attempt++) {
                long t0 = System.nanoTime();
                try {
                    T result = timed(operation, t0, call);
                    log.debug("{}: ok in {} ms (attempt {})", what, (System.nanoTime() - t0) / 1_000_000, attempt);
                    return result;
                } catch (SdkException e) {
                    if (!isTransient(e)) {
                        log.debug("{}: {} in {} ms", what, describe(e), (System.nanoTime() - t0) / 1_000_000);
                        throw e;
                    }
                    awaitRetry(attempt, "S3", what, describe(e));
                }
            }
        }

        /**
         * Waits before trying {@code what} again after its attempt {@code attempt} failed transiently: the
         * backoff, cut short at the budget's end.
         *
         * @param who   what was unavailable, for the message: {@code S3}, {@code transform}
         * @param error why the attempt failed
         * @throws Unavailable when the budget is spent: no retry starts after its end
         */
        void awaitRetry(int attempt, String who, String what, String error) throws InterruptedException {
            Instant now = clock.instant();
            Duration left = Duration.between(now, deadline);
            if (left.isNegative() || left.isZero()) {
                throw new Unavailable(who + " unavailable after " + attempt + " attempts over "
                        + seconds(Duration.between(start, now).minus(paused)) + ": " + what + ": " + error);
            }
            Duration wait = backoff(attempt);
            if (wait.compareTo(left) > 0) {
                wait = left;
            }
            log.debug("{}: attempt {} failed ({}), retrying in {} ms", what, attempt, error, wait.toMillis());
            waitingFor = "to retry " + what;
            sleeper.sleep(wait);
        }

        private <T> T timed(String operation, long t0, Supplier<T> call) {
            try {
                return call.get();
            } finally {
                metrics.s3Call(operation, Duration.ofNanos(System.nanoTime() - t0));
            }
        }

        /** Capped exponential backoff with equal jitter: half the step fixed, half random. */
        private Duration backoff(int attempt) {
            long base = settings.backoffBase().toMillis();
            long cap = settings.backoffCap().toMillis();
            long step = Math.min(cap, base << Math.min(attempt - 1, 30));
            long half = step / 2;
            return Duration.ofMillis(
                    half + (half > 0 ? ThreadLocalRandom.current().nextLong(half + 1) : 0));
        }

        private String seconds(Duration d) {
            return String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
        }
    }
}
