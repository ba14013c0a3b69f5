package io.seqgate.devstack.stack;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.Random;

/**
 * How badly the notifier delivers, to imitate at-least-once, unordered notification queues (docs/design.md §1).
 *
 * @param duplicateProbability chance in [0, 1] that a message is sent a second time
 * @param maxExtraDelay        each copy of a message waits a random delay in [0, this] before it is sent, so
 *                             later changes can overtake earlier ones; zero keeps the order of changes
 * @param seed                 seed for the random choices; empty for a random seed
 * @param loseProbability      chance in [0, 1] that a change is never notified at all, as when MinIO's full
 *                             queue discards events or S3 sends one notification for two concurrent writes
 */
public record DeliveryFaults(
        double duplicateProbability, Duration maxExtraDelay, OptionalLong seed, double loseProbability) {

    public DeliveryFaults {
        if (!(duplicateProbability >= 0 && duplicateProbability <= 1)) {
            throw new IllegalArgumentException("duplicateProbability must be in [0, 1], got " + duplicateProbability);
        }
        if (!(loseProbability >= 0 && loseProbability <= 1)) {
            throw new IllegalArgumentException("loseProbability must be in [0, 1], got " + loseProbability);
        }
        if (maxExtraDelay == null || maxExtraDelay.isNegative()) {
            throw new IllegalArgumentException("maxExtraDelay must be zero or positive, got " + maxExtraDelay);
        }
        seed = seed == null ? OptionalLong.empty() : seed;
    }

    /** Nothing lost. */
    public DeliveryFaults(double duplicateProbability, Duration maxExtraDelay, OptionalLong seed) {
        this(duplicateProbability, maxExtraDelay, seed, 0);
    }

    /** Every message once, in order. */
    public static DeliveryFaults none() {
        return new DeliveryFaults(0, Duration.ZERO, OptionalLong.empty());
    }

    public static DeliveryFaults of(double duplicateProbability, Duration maxExtraDelay) {
        return new DeliveryFaults(duplicateProbability, maxExtraDelay, OptionalLong.empty());
    }

    public DeliveryFaults withSeed(long value) {
        return new DeliveryFaults(duplicateProbability, maxExtraDelay, OptionalLong.of(value), loseProbability);
    }

    /** These faults, and the notification of a change lost with {@code probability}. */
    public DeliveryFaults losing(double probability) {
        return new DeliveryFaults(duplicateProbability, maxExtraDelay, seed, probability);
    }

    public boolean enabled() {
        return duplicateProbability > 0 || !maxExtraDelay.isZero() || loseProbability > 0;
    }

    Random newRandom() {
        return seed.isPresent() ? new Random(seed.getAsLong()) : new Random();
    }
}
