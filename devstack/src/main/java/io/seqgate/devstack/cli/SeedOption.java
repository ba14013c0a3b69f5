package io.seqgate.devstack.cli;

import java.util.OptionalLong;
import picocli.CommandLine.Option;

/**
 * {@code --seed N}, of the commands whose runs make random choices ({@code demo}, {@code chaos}): they print
 * the seed they used, so that a run can be repeated with it. Mixed in with {@code @Mixin SeedOption seed;}.
 */
public final class SeedOption {

    @Option(names = "--seed", paramLabel = "N", description = "seed of the random choices (default: random, printed)")
    Long seed;

    /** The seed given, or none when the command is to pick one. */
    public OptionalLong given() {
        return seed == null ? OptionalLong.empty() : OptionalLong.of(seed);
    }
}
