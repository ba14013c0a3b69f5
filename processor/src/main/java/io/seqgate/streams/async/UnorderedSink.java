package io.seqgate.streams.async;

import io.seqgate.metrics.SeqgateMetrics;
import io.seqgate.sink.ObjectSink;
import io.seqgate.streams.Verdict;
import io.seqgate.streams.async.TaskJobs.Finished;
import io.seqgate.streams.async.TaskJobs.Lane;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Coordination off, asynchronous: every event goes to the instance's {@link SinkWorkers} at once,
 * with no gate, no per-object order and no record of pending work — what a consumer that fans events
 * out to concurrent workers does (the AWS blog's Lambda functions). Two events of one object may run
 * together, and the slower one's write lands last: the naive baseline the demo shows. An event in a
 * job when the instance crashes has no outcome; the input offset was committed before its job ended.
 */
public final class UnorderedSink extends AsyncSink {

    /** Jobs started whose results have not been forwarded yet. */
    private int unrecorded;

    public UnorderedSink(SinkWorkers workers, ObjectSink sink, SeqgateMetrics metrics) {
        super(workers, sink, metrics);
    }

    @Override
    void startTask() {
        this.unrecorded = 0;
    }

    @Override
    boolean idle() {
        return unrecorded == 0;
    }

    @Override
    void processAccepted(Record<String, Verdict> record) {
        Lane lane = new Lane(record.key());
        lane.running = reserveJob(record);
        jobs().start(lane);
        unrecorded++;
        busy();
        drain();
    }

    @Override
    Collection<Lane> closeTask() {
        return List.of();
    }

    @Override
    void drain() {
        Finished f;
        while ((f = jobs().nextFinished()) != null) {
            unrecorded--;
            timeEndToEnd(f);
            forwardVerdict(f.lane().key, f.job(), f.result(), context().currentSystemTimeMs());
        }
    }
}
