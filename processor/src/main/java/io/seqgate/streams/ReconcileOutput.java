package io.seqgate.streams;

import io.seqgate.event.LogSafe;
import io.seqgate.metrics.SeqgateMetrics;
import io.seqgate.outcome.Decision;
import io.seqgate.sink.ObjectSink;
import io.seqgate.sink.SinkResult;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands an accepted event to the sink and records how it ended, in the forwarded verdict and — when
 * the gate is on — as the object's outcome in the store, provided no newer event has been accepted
 * for it meanwhile.
 */
final class ReconcileOutput implements Processor<String, Verdict, String, Verdict> {

    private static final Logger LOG = LoggerFactory.getLogger(ReconcileOutput.class);

    private final ObjectSink sink;
    private final boolean recordInStore;
    private final SeqgateMetrics metrics;
    private ProcessorContext<String, Verdict> context;
    private KeyValueStore<String, ObjectState> store;

    ReconcileOutput(ObjectSink sink, boolean recordInStore) {
        this(sink, recordInStore, SeqgateMetrics.none());
    }

    ReconcileOutput(ObjectSink sink, boolean recordInStore, SeqgateMetrics metrics) {
        this.sink = sink;
        this.recordInStore = recordInStore;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Verdict> context) {
        this.context = context;
        if (recordInStore) {
            this.store = context.getStateStore(Names.STATE_STORE);
        }
    }

    @Override
    public void process(Record<String, Verdict> record) {
        Verdict verdict = record.value();
        SinkResult result;
        try {
            result = sink.apply(verdict.event());
        } catch (RuntimeException e) {
            // The sink contract is to return FAILED rather than throw; this guards against a bug
            // turning one object into a dead stream thread.
            LOG.error("Sink threw for {}; recorded as FAILED", LogSafe.of(record.key()), e);
            result = SinkResult.failed("sink error: " + e);
        }
        if (result.decision() == Decision.DONE && verdict.event().eventTime() != null) {
            // The wall clock, not the task's cached time, which was read before the sink call.
            Duration sinceEvent = Duration.ofMillis(
                    System.currentTimeMillis() - verdict.event().eventTime().toEpochMilli());
            if (!sinceEvent.isNegative()) {
                metrics.endToEnd(sinceEvent);
            }
        }
        long now = context.currentSystemTimeMs();
        if (store != null) {
            ObjectState state = store.get(record.key());
            ObjectState after = ObjectState.afterResult(
                    state, verdict.event(), result.decision(), result.reason(), result.output(), now);
            if (after != state) {
                store.put(record.key(), after);
            }
        }
        context.forward(record.withValue(
                verdict.completed(result.decision(), result.reason(), now, result.outputKey(), result.outputETag())));
    }
}
