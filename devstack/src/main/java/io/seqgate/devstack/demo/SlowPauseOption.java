package io.seqgate.devstack.demo;

import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * {@code --slow-pause DURATION}, of the commands that run the blog's experiment ({@code demo}, and
 * {@code bench}'s slow section): how long a {@link SlowTransform} pauses when it is slow. Mixed in with
 * {@code @Mixin SlowPauseOption slowPause;}.
 */
public final class SlowPauseOption {

    @Option(
            names = "--slow-pause",
            paramLabel = "DURATION",
            defaultValue = "2s",
            description = "how long processing a slow object pauses, as in the blog's experiment"
                    + " (default: ${DEFAULT-VALUE})")
    Duration pause;

    public Duration pause() {
        return pause;
    }
}
