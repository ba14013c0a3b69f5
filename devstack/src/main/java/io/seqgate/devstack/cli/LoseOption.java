package io.seqgate.devstack.cli;

import io.seqgate.cli.OptionTypes;
import io.seqgate.devstack.stack.DeliveryFaults;
import picocli.CommandLine.Option;

/**
 * {@code --lose P}, of the commands that run the dev stack's notifier ({@code dev}, {@code chaos}): the chance
 * that it never notifies a change, as MinIO drops events when its queue is full. Mixed in with
 * {@code @Mixin LoseOption lose;}; a command's usage bundle may word its text for that command.
 */
public final class LoseOption {

    @Option(
            names = "--lose",
            paramLabel = "P",
            defaultValue = "0",
            converter = OptionTypes.Probability.class,
            description = "probability that a change is never notified at all (default: ${DEFAULT-VALUE})")
    double probability;

    public double probability() {
        return probability;
    }

    /** {@code faults}, also losing a change with the probability given. */
    public DeliveryFaults applyTo(DeliveryFaults faults) {
        return faults.losing(probability);
    }
}
