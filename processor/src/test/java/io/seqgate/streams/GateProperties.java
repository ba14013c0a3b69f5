package io.seqgate.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.seqgate.event.Sequencers;
import io.seqgate.outcome.Decision;
import io.seqgate.outcome.Outcome;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Invariants of the gate over any delivery order, with duplicates, of one object's events. */
class GateProperties {

    @Property(tries = 60)
    void acceptedSequencersStrictlyIncreaseAndEndAtTheMaximum(
            @ForAll @IntRange(min = 1, max = 8) int events,
            @ForAll @Size(max = 12) List<@IntRange(min = 0, max = 7) Integer> extraCopies,
            @ForAll Random random)
            throws Exception {
        List<String> sequencers = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            // random trailing digits and case exercise the right-padding and case rules
            String suffix = String.format("%02x", random.nextInt(256)).substring(0, random.nextInt(3));
            String s = "0055AED6DCD90281" + Integer.toHexString(0x10 + random.nextInt(200)) + suffix;
            sequencers.add(
                    random.nextBoolean() ? s.toLowerCase(java.util.Locale.ROOT) : s.toUpperCase(java.util.Locale.ROOT));
        }
        List<String> delivery = new ArrayList<>(sequencers);
        extraCopies.stream().filter(i -> i < events).forEach(i -> delivery.add(sequencers.get(i)));
        Collections.shuffle(delivery, random);

        try (GateDriver gate = GateDriver.inTempStateDir(Map.of(), null)) {
            for (String sequencer : delivery) {
                gate.send(null, Notifications.s3("uploads", "ObjectCreated:Put", "x.jpg", sequencer));
            }
            List<String> accepted = gate.outcomes().stream()
                    .filter(o -> o.decision() == Decision.ACCEPTED)
                    .map(Outcome::sequencer)
                    .toList();
            for (int i = 1; i < accepted.size(); i++) {
                assertThat(Sequencers.compare(accepted.get(i), accepted.get(i - 1)))
                        .isPositive();
            }
            String max = sequencers.stream().max(Sequencers::compare).orElseThrow();
            assertThat(Sequencers.compare(accepted.get(accepted.size() - 1), max))
                    .as("last accepted is the maximum")
                    .isZero();
        }
    }

    /** Events of one object ordered by sequencer, and at an equal sequencer a remove after a create. */
    private static final Comparator<Outcome> EVENT_ORDER = Comparator.comparing(Outcome::sequencer, Sequencers::compare)
            .thenComparing(o -> o.event().startsWith("ObjectRemoved:"));

    @Property(tries = 60)
    void acceptedEventsStrictlyIncreaseWithRemoveAfterCreateAtEqualSequencer(
            @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 0, max = 5) Integer> sequencerOffsets,
            @ForAll @Size(max = 12) List<@IntRange(min = 0, max = 7) Integer> extraCopies,
            @ForAll Random random)
            throws Exception {
        List<String> messages = new ArrayList<>();
        for (int offset : sequencerOffsets) {
            // a small range of sequencers, so that creates and removes often share one
            String sequencer = "0055AED6DCD902" + Integer.toHexString(0x10 + offset);
            String eventName = random.nextBoolean() ? "ObjectCreated:Put" : "ObjectRemoved:DeleteAllVersions";
            messages.add(Notifications.s3("uploads", eventName, "x.jpg", sequencer));
        }
        List<String> delivery = new ArrayList<>(messages);
        extraCopies.stream().filter(i -> i < messages.size()).forEach(i -> delivery.add(messages.get(i)));
        Collections.shuffle(delivery, random);

        try (GateDriver gate = GateDriver.inTempStateDir(Map.of(), null)) {
            delivery.forEach(message -> gate.send(null, message));
            List<Outcome> outcomes = gate.outcomes();
            List<Outcome> accepted = outcomes.stream()
                    .filter(o -> o.decision() == Decision.ACCEPTED)
                    .toList();
            for (int i = 1; i < accepted.size(); i++) {
                assertThat(EVENT_ORDER.compare(accepted.get(i), accepted.get(i - 1)))
                        .isPositive();
            }
            Outcome newest = outcomes.stream().max(EVENT_ORDER).orElseThrow();
            assertThat(EVENT_ORDER.compare(accepted.get(accepted.size() - 1), newest))
                    .as("last accepted is the newest")
                    .isZero();
        }
    }
}
