package io.seqgate.streams;

import io.seqgate.event.NotificationParser;
import io.seqgate.event.ObjectEvent;
import io.seqgate.metrics.SeqgateMetrics;
import io.seqgate.outcome.DeadLetterKinds;
import io.seqgate.outcome.Decision;
import io.seqgate.sink.ObjectSink;
import io.seqgate.streams.async.KeyOrderedSink;
import io.seqgate.streams.async.SinkWorkers;
import io.seqgate.streams.async.UnorderedSink;
import io.seqgate.streams.serde.SeqgateSerdes;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds seqgate's {@link Topology} from its {@link TopologySettings} and collaborators. It does no I/O,
 * starts nothing and reads no environment: production, tests and {@code seqgate replay} all run
 * exactly this topology.
 *
 * <p>The stages, stores and topics it wires together are drawn once, in docs/design.md §2 ("Architecture"):
 * parse and route, the optional rekey repartition, the gate with its {@code object-state} store, the sink
 * stage, and the outcome and dead-letter topics.
 *
 * <p>The sink stage runs as {@code SEQGATE_SINK_MODE} says: asynchronously ({@link KeyOrderedSink}, jobs
 * on the injected {@link SinkWorkers}, pending events in the {@code pending-work} store) or on the
 * stream thread ({@link ReconcileOutput}).
 *
 * <p>With coordination off the gate and the repartition are left out: every create or remove goes to
 * the sink (the naive baseline) — in arrival order on the stream thread, or all at once on the
 * workers ({@link UnorderedSink}).
 */
public final class SeqgateTopology {

    private SeqgateTopology() {}

    /**
     * @param settings        what the topology is built from
     * @param inputPartitions partition count of the input topic (the repartition topic gets the same,
     *                        so task N reads partition N of both); 0 when unknown
     * @param sink            the sink, or empty to stop at the gate's decision (replay)
     */
    public static Topology build(TopologySettings settings, int inputPartitions, Optional<ObjectSink> sink) {
        return build(settings, inputPartitions, sink, SeqgateMetrics.none());
    }

    /** @param metrics counts outcomes and times the way from event to output */
    public static Topology build(
            TopologySettings settings, int inputPartitions, Optional<ObjectSink> sink, SeqgateMetrics metrics) {
        return build(settings, inputPartitions, sink, metrics, null);
    }

    /**
     * @param workers the instance's sink workers, which the asynchronous sink runs its jobs on; null
     *                when the sink is synchronous or absent. The topology only uses them: the caller
     *                starts and closes them.
     */
    public static Topology build(
            TopologySettings settings,
            int inputPartitions,
            Optional<ObjectSink> sink,
            SeqgateMetrics metrics,
            SinkWorkers workers) {
        StreamsBuilder builder = new StreamsBuilder();
        NotificationParser parser = new NotificationParser();
        String instance = settings.instanceId();

        KStream<String, Parsed> parsed = builder.stream(
                        settings.topics().input(),
                        Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(Names.READ_NOTIFICATIONS))
                .process(
                        () -> new ParseNotifications(
                                parser,
                                settings.inputPartitioning(),
                                inputPartitions,
                                settings.inputLocations(),
                                settings.output(),
                                instance),
                        Named.as(Names.PARSE));

        Map<String, KStream<String, Parsed>> routes = parsed.split(Named.as(Names.ROUTE))
                .branch((k, v) -> v instanceof Parsed.Invalid, Branched.as("invalid"))
                .branch((k, v) -> v instanceof Parsed.Notice, Branched.as("notice"))
                .branch((k, v) -> v instanceof Parsed.Event e && e.direct(), Branched.as("direct"))
                .defaultBranch(Branched.as("rekey"));

        routes.get(Names.ROUTE + "invalid")
                .peek(
                        (k, v) -> {
                            metrics.deadLetter(DeadLetterKinds.UNPARSEABLE);
                            metrics.outcome(Decision.INVALID);
                        },
                        Named.as(Names.COUNT_OUTCOMES + "-unparseable"))
                .map(
                        (k, v) -> KeyValue.pair(((Parsed.Invalid) v).rawKey(), ((Parsed.Invalid) v).rawValue()),
                        Named.as("unparseable-as-sent"))
                .to(
                        settings.topics().deadLetters(),
                        Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(Names.TO_DLQ + "-unparseable"));
        routes.get(Names.ROUTE + "notice")
                .mapValues(v -> ((Parsed.Notice) v).outcome(), Named.as("notice-outcome"))
                .peek((k, o) -> metrics.outcome(o.decision()), Named.as(Names.COUNT_OUTCOMES + "-notices"))
                .to(
                        settings.topics().outcomes(),
                        Produced.with(Serdes.String(), SeqgateSerdes.outcome())
                                .withName(Names.TO_OUTCOMES + "-notices"));

        KStream<String, ObjectEvent> direct =
                routes.get(Names.ROUTE + "direct").mapValues(v -> ((Parsed.Event) v).event(), Named.as("direct-event"));
        KStream<String, ObjectEvent> other =
                routes.get(Names.ROUTE + "rekey").mapValues(v -> ((Parsed.Event) v).event(), Named.as("rekey-event"));

        KStream<String, Verdict> verdicts;
        if (settings.coordination()) {
            builder.addStateStore(Stores.keyValueStoreBuilder(
                    Stores.persistentKeyValueStore(Names.STATE_STORE), Serdes.String(), SeqgateSerdes.objectState()));
            Repartitioned<String, ObjectEvent> rekey = Repartitioned.<String, ObjectEvent>as(Names.REKEY)
                    .withKeySerde(Serdes.String())
                    .withValueSerde(SeqgateSerdes.objectEvent())
                    .withStreamPartitioner(settings.inputPartitioning().streamPartitioner());
            if (inputPartitions > 0) {
                rekey = rekey.withNumberOfPartitions(inputPartitions);
            }
            verdicts = direct.merge(other.repartition(rekey), Named.as("gate-input"))
                    .process(
                            () -> new SequencerGate(settings.stateRetention(), settings.purgeInterval()),
                            Named.as(Names.GATE),
                            Names.STATE_STORE);
        } else {
            verdicts = direct.merge(other, Named.as("ungated-input"))
                    .process(UngatedPassThrough::new, Named.as("ungated"));
        }

        KStream<String, Verdict> finished = verdicts;
        if (sink.isPresent()) {
            Map<String, KStream<String, Verdict>> byDecision = verdicts.split(Named.as("gate-"))
                    .branch((k, v) -> v.decision() == Decision.ACCEPTED, Branched.as("accepted"))
                    .defaultBranch(Branched.as("dropped"));
            KStream<String, Verdict> reconciled =
                    sinkStage(builder, settings, byDecision.get("gate-accepted"), sink.get(), metrics, workers);
            reconciled
                    .filter((k, v) -> v.decision() == Decision.FAILED, Named.as("failed"))
                    .process(FailedToDeadLetter::new, Named.as("failed-as-notification"))
                    .peek(
                            (k, v) -> metrics.deadLetter(DeadLetterKinds.SINK_FAILED),
                            Named.as("count-failed-dead-letters"))
                    .to(
                            settings.topics().deadLetters(),
                            Produced.with(Serdes.ByteArray(), Serdes.ByteArray())
                                    .withName(Names.TO_DLQ + "-failed"));
            finished = reconciled.merge(byDecision.get("gate-dropped"), Named.as("all-verdicts"));
        }
        finished.mapValues(v -> v.toOutcome(instance), Named.as("outcome"))
                .peek((k, o) -> metrics.outcome(o.decision()), Named.as(Names.COUNT_OUTCOMES))
                .to(
                        settings.topics().outcomes(),
                        Produced.with(Serdes.String(), SeqgateSerdes.outcome()).withName(Names.TO_OUTCOMES));
        return builder.build();
    }

    private static KStream<String, Verdict> sinkStage(
            StreamsBuilder builder,
            TopologySettings settings,
            KStream<String, Verdict> accepted,
            ObjectSink sink,
            SeqgateMetrics metrics,
            SinkWorkers workers) {
        boolean gated = settings.coordination();
        if (!settings.asyncSink()) {
            return gated
                    ? accepted.process(
                            () -> new ReconcileOutput(sink, true, metrics), Named.as(Names.SINK), Names.STATE_STORE)
                    : accepted.process(() -> new ReconcileOutput(sink, false, metrics), Named.as(Names.SINK));
        }
        if (workers == null) {
            throw new IllegalArgumentException(
                    "SEQGATE_SINK_MODE=async runs the sink on the instance's SinkWorkers; none were given");
        }
        if (!gated) {
            return accepted.process(() -> new UnorderedSink(workers, sink, metrics), Named.as(Names.UNORDERED_SINK));
        }
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(Names.PENDING_STORE), Serdes.String(), SeqgateSerdes.pendingWork()));
        return accepted.process(
                () -> new KeyOrderedSink(workers, sink, metrics),
                Named.as(Names.KEY_ORDERED_SINK),
                Names.STATE_STORE,
                Names.PENDING_STORE);
    }

    /**
     * Coordination off: every create or remove is handed on as accepted, in arrival order (other kinds
     * ended IGNORED in {@link ParseNotifications}).
     */
    private static final class UngatedPassThrough implements Processor<String, ObjectEvent, String, Verdict> {
        private ProcessorContext<String, Verdict> context;

        @Override
        public void init(ProcessorContext<String, Verdict> context) {
            this.context = context;
        }

        @Override
        public void process(Record<String, ObjectEvent> record) {
            ObjectEvent event = record.value();
            long now = context.currentSystemTimeMs();
            context.forward(
                    record.withValue(Verdict.decided(event, Decision.ACCEPTED, "coordination off: not gated", now)));
        }
    }

    /** A FAILED event, as a one-record notification with error headers, ready to be replayed. */
    private static final class FailedToDeadLetter implements Processor<String, Verdict, byte[], byte[]> {
        private ProcessorContext<byte[], byte[]> context;

        @Override
        public void init(ProcessorContext<byte[], byte[]> context) {
            this.context = context;
        }

        @Override
        public void process(Record<String, Verdict> record) {
            Verdict v = record.value();
            RecordMetadata origin =
                    v.origin() != null ? v.origin() : context.recordMetadata().orElse(null);
            context.forward(new Record<>(
                    record.key().getBytes(StandardCharsets.UTF_8),
                    DeadLetters.asNotification(v.event()),
                    record.timestamp(),
                    DeadLetters.headers(DeadLetterKinds.SINK_FAILED, v.reason(), record.key(), origin)));
        }
    }
}
