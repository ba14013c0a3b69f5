package io.seqgate.devstack.demo;

import io.seqgate.config.TransformChoice;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * The options of {@code seqgate demo}, validated when parsed; a bad value fails with a message that
 * names the option.
 *
 * @param keys            how many objects ({@code img1.jpg} ...) get a cat, then a dog
 * @param slowProbability chance in [0, 1] that one transform is made slow, as the blog's Lambda does
 * @param slowPause       how long a slow transform pauses
 * @param duplicates      chance in [0, 1] that the notifier delivers a notification twice
 * @param maxDelay        each notification copy waits a random delay in [0, this] before delivery
 * @param timeout         longest wait, per run, for every delivered notification to have its outcome
 * @param outDir          where the contact sheets are written
 * @param seed            seed of the random choices; empty for a random one
 * @param syncSink        run the sink on the stream threads ({@code SEQGATE_SINK_MODE=sync}), one per
 *                        input partition, instead of on the pool of workers
 * @param transform       the transform the processor runs ({@code SEQGATE_TRANSFORM}); its outputs are judged
 *                        against what it makes of the cat and the dog
 * @param help            {@code --help} was given: print {@link #USAGE} and nothing else
 */
record DemoOptions(
        int keys,
        double slowProbability,
        Duration slowPause,
        double duplicates,
        Duration maxDelay,
        Duration timeout,
        Path outDir,
        OptionalLong seed,
        boolean syncSink,
        String transform,
        boolean help) {

    static final int MAX_KEYS = 10_000;

    static final String USAGE = """
            usage: seqgate demo [options]
              Reproduces the AWS blog "Manage event ordering and duplicate events with Amazon S3 Event
              Notifications" in one JVM: for every key, a cat image then a dog image is uploaded over the
              same key; notifications arrive duplicated and out of order; processing is slow at random.
              Runs twice, with COORDINATION=off and then on, and compares what the outputs show.

              --keys N                 objects to upload a cat and then a dog to (default 100)
              --slow-probability P     chance that processing one event is made slow (default 0.5)
              --slow-pause DURATION    how long slow processing pauses (default 2s)
              --duplicates P           chance that a notification is delivered twice (default 0.3)
              --max-delay DURATION     random extra delivery delay per notification, up to this (default 1500ms)
              --timeout DURATION       longest wait per run for every notification's outcome (default 5m)
              --out DIR                where the contact sheets go (default ./demo-output)
              --seed N                 seed for the random choices (default: random, printed)
              --sink MODE              async: the sink on a pool of workers (default); sync: on the
                                       stream threads, one per input partition, to compare the two
              --transform NAME         the transform the processor runs (default invert): thumbnail, copy,
                                       or another that makes pictures; SEQGATE_TRANSFORM_* variables
                                       (SEQGATE_TRANSFORM_PATH, settings) are passed on
              -h, --help               this text

              Durations: 300ms, 2s, 5m, 1h. Exit code 0 when every output of the coordinated run shows
              the newest upload (the dog), 1 when not (or the demo could not finish), 2 for bad options.
            """;

    DemoOptions {
        check(keys >= 1 && keys <= MAX_KEYS, "--keys", "must be between 1 and " + MAX_KEYS + ", got " + keys);
        check(
                slowProbability >= 0 && slowProbability <= 1,
                "--slow-probability",
                "must be between 0 and 1, got " + slowProbability);
        check(!slowPause.isNegative(), "--slow-pause", "must not be negative, got " + slowPause);
        check(duplicates >= 0 && duplicates <= 1, "--duplicates", "must be between 0 and 1, got " + duplicates);
        check(!maxDelay.isNegative(), "--max-delay", "must not be negative, got " + maxDelay);
        check(!timeout.isNegative() && !timeout.isZero(), "--timeout", "must be positive, got " + timeout);
    }

    static DemoOptions defaults() {
        return new DemoOptions(
                100,
                0.5,
                Duration.ofSeconds(2),
                0.3,
                Duration.ofMillis(1500),
                Duration.ofMinutes(5),
                Path.of("demo-output"),
                OptionalLong.empty(),
                false,
                TransformChoice.DEFAULT,
                false);
    }

    /** Parses {@code --name value} and {@code --name=value}; later options win over earlier ones. */
    static DemoOptions parse(String[] args) {
        DemoOptions o = defaults();
        int keys = o.keys;
        double slowProbability = o.slowProbability;
        Duration slowPause = o.slowPause;
        double duplicates = o.duplicates;
        Duration maxDelay = o.maxDelay;
        Duration timeout = o.timeout;
        Path outDir = o.outDir;
        OptionalLong seed = o.seed;
        boolean syncSink = o.syncSink;
        String transform = o.transform;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h") || arg.equals("--help")) {
                return new DemoOptions(
                        keys,
                        slowProbability,
                        slowPause,
                        duplicates,
                        maxDelay,
                        timeout,
                        outDir,
                        seed,
                        syncSink,
                        transform,
                        true);
            }
            String name = arg;
            String value = null;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                name = arg.substring(0, equals);
                value = arg.substring(equals + 1);
            }
            if (!isKnown(name)) {
                throw new BadOption("unknown option '" + arg + "'");
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new BadOption(name + " needs a value");
                }
                value = args[++i];
            }
            switch (name) {
                case "--keys" -> keys = (int) wholeNumber(name, value, 1, MAX_KEYS);
                case "--slow-probability" -> slowProbability = probability(name, value);
                case "--slow-pause" -> slowPause = duration(name, value);
                case "--duplicates" -> duplicates = probability(name, value);
                case "--max-delay" -> maxDelay = duration(name, value);
                case "--timeout" -> timeout = duration(name, value);
                case "--out" -> outDir = directory(name, value);
                case "--seed" -> seed = OptionalLong.of(wholeNumber(name, value, 0, Long.MAX_VALUE));
                case "--sink" -> syncSink = syncSink(name, value);
                case "--transform" -> transform = transform(name, value);
                default -> throw new IllegalStateException("option " + name + " is known but not parsed");
            }
        }
        return new DemoOptions(
                keys,
                slowProbability,
                slowPause,
                duplicates,
                maxDelay,
                timeout,
                outDir,
                seed,
                syncSink,
                transform,
                false);
    }

    private static boolean isKnown(String name) {
        return switch (name) {
            case "--keys",
                    "--slow-probability",
                    "--slow-pause",
                    "--duplicates",
                    "--max-delay",
                    "--timeout",
                    "--out",
                    "--seed",
                    "--sink",
                    "--transform" -> true;
            default -> false;
        };
    }

    private static long wholeNumber(String name, String value, long min, long max) {
        try {
            long n = Long.parseLong(value.trim());
            if (n < min || n > max) {
                throw new BadOption(
                        name + ": expected a whole number from " + min + " to " + max + ", got '" + value + "'");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new BadOption(name + ": expected a whole number, got '" + value + "'");
        }
    }

    private static boolean syncSink(String name, String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "async" -> false;
            case "sync" -> true;
            default -> throw new BadOption(name + ": expected async or sync, got '" + value + "'");
        };
    }

    /** A transform's name; whether one of that name exists is known when the processor looks for it. */
    private static String transform(String name, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (!TransformChoice.VALID_NAME.matcher(v).matches()) {
            throw new BadOption(name + ": expected a transform's name such as thumbnail, got '" + value + "'");
        }
        return v;
    }

    private static double probability(String name, String value) {
        try {
            double p = Double.parseDouble(value.trim());
            if (!(p >= 0 && p <= 1)) {
                throw new BadOption(name + ": expected a probability between 0 and 1, got '" + value + "'");
            }
            return p;
        } catch (NumberFormatException e) {
            throw new BadOption(name + ": expected a probability between 0 and 1, got '" + value + "'");
        }
    }

    /** {@code 300ms}, {@code 2s}, {@code 5m}, {@code 1h}; a bare {@code 0} is zero. */
    static Duration duration(String name, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.equals("0")) {
                return Duration.ZERO;
            }
            if (v.endsWith("ms")) {
                return Duration.ofMillis(nonNegative(v.substring(0, v.length() - 2)));
            }
            if (v.length() > 1) {
                long n = nonNegative(v.substring(0, v.length() - 1));
                switch (v.charAt(v.length() - 1)) {
                    case 's':
                        return Duration.ofSeconds(n);
                    case 'm':
                        return Duration.ofMinutes(n);
                    case 'h':
                        return Duration.ofHours(n);
                    default:
                        break;
                }
            }
        } catch (NumberFormatException e) {
            // reported below, with the expected form
        }
        throw new BadOption(name + ": expected a duration like 300ms, 2s, 5m or 1h, got '" + value + "'");
    }

    private static long nonNegative(String digits) {
        long n = Long.parseLong(digits);
        if (n < 0) {
            throw new NumberFormatException("negative");
        }
        return n;
    }

    private static Path directory(String name, String value) {
        if (value.isBlank()) {
            throw new BadOption(name + ": expected a directory, got an empty value");
        }
        return Path.of(value);
    }

    private static void check(boolean ok, String name, String problem) {
        if (!ok) {
            throw new BadOption(name + " " + problem);
        }
    }

    /** An option was unknown, had no value, or a value out of range; the message names the option. */
    static final class BadOption extends IllegalArgumentException {
        BadOption(String message) {
            super(message);
        }
    }
}
