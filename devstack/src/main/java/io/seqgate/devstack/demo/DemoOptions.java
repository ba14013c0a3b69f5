package io.seqgate.devstack.demo;

import io.seqgate.config.TransformChoice;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * The options of {@code seqgate demo} ({@link Demo} parses them), validated when built; a bad value
 * fails with a message that names the option.
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
 *                        against what it makes of the cat and the dog. Whether one of that name exists is
 *                        known when the transforms are looked for
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
        String transform) {

    static final int MAX_KEYS = 10_000;

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
        check(!outDir.toString().isBlank(), "--out", "must name a directory");
        check(seed.orElse(0) >= 0, "--seed", "must not be negative, got " + seed.orElse(0));
        check(
                TransformChoice.VALID_NAME.matcher(transform).matches(),
                "--transform",
                "must be a transform's name such as thumbnail, got '" + transform + "'");
    }

    private static void check(boolean ok, String name, String problem) {
        if (!ok) {
            throw new IllegalArgumentException(name + " " + problem);
        }
    }
}
