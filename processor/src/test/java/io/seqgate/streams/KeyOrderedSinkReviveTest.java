package io.seqgate.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.seqgate.event.EventKind;
import io.seqgate.event.ObjectEvent;
import io.seqgate.metrics.SeqgateMetrics;
import io.seqgate.outcome.Decision;
import io.seqgate.streams.serde.SeqgateSerdes;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * Kafka Streams closes a task and initialises the same processor instances again when it revives it
 * (a corrupted task under exactly-once); the processor must work as new then.
 */
class KeyOrderedSinkReviveTest {

    @Test
    void runsJobsAgainAfterItsTaskIsClosedAndInitialisedAgain() {
        HeldSink sink = new HeldSink();
        KeyOrderedSink processor = new KeyOrderedSink(GateDriver.inlineWorkers(), sink, SeqgateMetrics.none());
        MockProcessorContext<String, Verdict> context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(Instant.parse("2026-10-01T12:00:01Z").toEpochMilli());
        context.addStateStore(store(Names.STATE_STORE, SeqgateSerdes.objectState(), context));
        context.addStateStore(store(Names.PENDING_STORE, SeqgateSerdes.pendingWork(), context));

        processor.init(context);
        processor.process(accepted("18A2B3C4D5E60001"));
        processor.close();
        processor.init(context);
        processor.process(accepted("18A2B3C4D5E60002"));

        assertThat(sink.sequencers()).containsExactly("18A2B3C4D5E60001", "18A2B3C4D5E60002");
        assertThat(context.forwarded())
                .extracting(f -> f.record().value().decision())
                .containsExactly(Decision.DONE, Decision.DONE);
    }

    private static <V> KeyValueStore<String, V> store(
            String name,
            org.apache.kafka.common.serialization.Serde<V> serde,
            MockProcessorContext<String, Verdict> context) {
        KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(name), Serdes.String(), serde)
                .withLoggingDisabled()
                .build();
        store.init(context.getStateStoreContext(), store);
        return store;
    }

    private static Record<String, Verdict> accepted(String sequencer) {
        ObjectEvent event = new ObjectEvent(
                "input",
                "a.jpg",
                "ObjectCreated:Put",
                EventKind.CREATED,
                sequencer,
                "e-" + sequencer,
                null,
                3L,
                null,
                Instant.parse("2026-10-01T12:00:00Z"),
                "minio");
        return new Record<>(event.objectKey(), Verdict.decided(event, Decision.ACCEPTED, "accepted", 0), 0);
    }
}
