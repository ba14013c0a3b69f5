package io.seqgate.streams;

import io.seqgate.metrics.SeqgateMetrics;
import io.seqgate.sink.ObjectSink;
import io.seqgate.streams.TaskJobs.Finished;
import io.seqgate.streams.TaskJobs.Lane;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Coordination off, asynchronous: every event goes to the instance's {@link SinkWorkers} at once,
 * with no gate, no per-object order and no record of pending work — what a consumer that fans events
 * out to concurrent workers does (the AWS blog's Lambda functions). Two events of one object may run
 * together, and the slower one's write lands last: the naive baseline the demo shows. An event in a
 * job when the instance crashes has no outcome; the input offset was committed before its job ended.
 */
final class UnorderedSink implements Processor<String, Verdict, String, Verdict> {

    private final SinkWorkers workers;
    private final ObjectSink sink;
    private final SeqgateMetrics metrics;
    private TaskJobs jobs;
    private ProcessorContext<String, Verdict> context;
    private DrainSchedule drainSchedule;
    /** Jobs started whose results have not been forwarded yet. */
    private int unrecorded;

    UnorderedSink(SinkWorkers workers, ObjectSink sink, SeqgateMetrics metrics) {
        this.workers = workers;
        this.sink = sink;
        this.metrics = metrics;
    }

    /** Starts afresh: Kafka Streams initialises the same processor again when it revives a closed task. */
    @Override
    public void init(ProcessorContext<String, Verdict> context) {
        this.context = context;
        this.jobs = new TaskJobs(workers, sink);
        this.unrecorded = 0;
        this.drainSchedule = new DrainSchedule(context, this::drain, () -> unrecorded == 0);
    }

    @Override
    public void process(Record<String, Verdict> record) {
        Verdict accepted = record.value();
        Lane lane = new Lane(record.key());
        lane.running = new PendingJob(
                accepted.event(),
                accepted.decidedAtMs(),
                record.timestamp(),
                RecordOrigin.of(context.recordMetadata()));
        jobs.reserve(this::drain);
        jobs.start(lane);
        unrecorded++;
        drainSchedule.busy();
        drain();
    }

    @Override
    public void close() {
        // A task closed before it ran (while restoring) may not have initialised its processors.
        if (jobs != null) {
            jobs.close(List.of(), TaskJobs.CLOSE_WAIT);
        }
    }

    private void drain() {
        Finished f;
        while ((f = jobs.nextFinished()) != null) {
            unrecorded--;
            TaskJobs.timeEndToEnd(metrics, f);
            context.forward(new Record<>(
                    f.lane().key,
                    TaskJobs.verdict(f.job(), f.result(), context.currentSystemTimeMs()),
                    f.job().timestamp()));
        }
    }
}
