package io.seqgate.streams.async;

import io.seqgate.event.ObjectEvent;
import io.seqgate.outcome.Decision;
import io.seqgate.streams.Names;
import io.seqgate.streams.PendingWork;
import io.seqgate.streams.Verdict;
import io.seqgate.streams.serde.SeqgateSerdes;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.errors.TaskMigratedException;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * One task of the key-ordered sink outside a topology: its context and its two stores, with two
 * faults to switch on — the pending-work store refusing writes (as its changelog does once the
 * producer is fenced) and forwarding throwing (as a downstream producer does then).
 */
final class SinkTask {

    static final Instant NOW = Instant.parse("2026-10-01T12:00:01Z");

    private volatile boolean failForward;
    private volatile boolean failPendingWrites;

    final MockProcessorContext<String, Verdict> context = new MockProcessorContext<>() {
        @Override
        public <K extends String, V extends Verdict> void forward(Record<K, V> record) {
            if (failForward) {
                throw new TaskMigratedException("producer fenced (test)");
            }
            super.forward(record);
        }
    };
    final KeyValueStore<String, PendingWork> pending;

    SinkTask() {
        context.setCurrentSystemTimeMs(NOW.toEpochMilli());
        store(Names.STATE_STORE, SeqgateSerdes.objectState());
        Serde<PendingWork> plain = SeqgateSerdes.pendingWork();
        Serializer<PendingWork> refusing = (topic, work) -> {
            if (failPendingWrites) {
                throw new TaskMigratedException("producer fenced (test)");
            }
            return plain.serializer().serialize(topic, work);
        };
        pending = store(Names.PENDING_STORE, Serdes.serdeFrom(refusing, plain.deserializer()));
    }

    void failForward(boolean fail) {
        failForward = fail;
    }

    void failPendingWrites(boolean fail) {
        failPendingWrites = fail;
    }

    /** Runs the sink's punctuator once, as Kafka Streams does every drain interval while the task has work. */
    void punctuate() {
        for (CapturedPunctuator p : context.scheduledPunctuators()) {
            if (!p.cancelled()) {
                p.getPunctuator().punctuate(NOW.toEpochMilli());
            }
        }
    }

    /**
     * What the pending-work store holds when a previous owner accepted events of {@code key} and
     * stopped before recording their outcomes (the gate's state is left out: the sink records an
     * outcome there only for the object's newest event, which these tests do not look at).
     */
    void leftByPreviousOwner(String key, String inFlight, String queued) {
        pending.put(key, PendingEvents.leftByPreviousOwner(key, inFlight, queued, NOW.toEpochMilli()));
    }

    /** The gate's verdict accepting a create of {@code key} at {@code sequencer}. */
    static Record<String, Verdict> accepted(String key, String sequencer) {
        ObjectEvent event = PendingEvents.created(key, sequencer);
        return new Record<>(key, Verdict.decided(event, Decision.ACCEPTED, "accepted", 0), 0);
    }

    private <V> KeyValueStore<String, V> store(String name, Serde<V> serde) {
        KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(name), Serdes.String(), serde)
                .withLoggingDisabled()
                .build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }
}
