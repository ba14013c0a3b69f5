package io.seqgate.streams;

import io.seqgate.event.ObjectEvent;
import io.seqgate.metrics.SeqgateMetrics;
import io.seqgate.outcome.Decision;
import io.seqgate.sink.ObjectSink;
import io.seqgate.sink.SinkResult;
import io.seqgate.streams.TaskJobs.Finished;
import io.seqgate.streams.TaskJobs.Lane;
import java.time.Duration;
import java.util.Collection;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * What the two asynchronous sink processors ({@link KeyOrderedSink}, {@link UnorderedSink}) share:
 * per task, a {@link TaskJobs} on the instance's {@link SinkWorkers} and the {@link DrainSchedule}
 * that records its results; turning an accepted record into a job that holds a place; and
 * forwarding a job's terminal verdict. Each subclass decides how jobs are ordered and when its task
 * is idle.
 */
abstract class AsyncSink implements Processor<String, Verdict, String, Verdict> {

    private final SinkWorkers workers;
    private final ObjectSink sink;
    private final SeqgateMetrics metrics;

    private TaskJobs jobs;
    private ProcessorContext<String, Verdict> context;
    private DrainSchedule drainSchedule;

    AsyncSink(SinkWorkers workers, ObjectSink sink, SeqgateMetrics metrics) {
        this.workers = workers;
        this.sink = sink;
        this.metrics = metrics;
    }

    /**
     * Starts afresh: Kafka Streams initialises the same processor again when it revives a task after
     * closing it (e.g. a corrupted task under exactly-once), with its stores restored to the last commit.
     */
    @Override
    public final void init(ProcessorContext<String, Verdict> context) {
        this.context = context;
        this.jobs = new TaskJobs(workers, sink);
        this.drainSchedule = new DrainSchedule(context, this::drain, this::idle);
        startTask();
    }

    /** Resets the subclass's own per-task state; the context, jobs and schedule are new already. */
    abstract void startTask();

    /** The context of the current task; set from {@link #init} on. */
    final ProcessorContext<String, Verdict> context() {
        return context;
    }

    /** The current task's jobs; set from {@link #init} on. */
    final TaskJobs jobs() {
        return jobs;
    }

    /** The task has work: records results every {@link TaskJobs#DRAIN_INTERVAL} until it is idle. */
    final void busy() {
        drainSchedule.busy();
    }

    /** Records finished jobs' results, on the stream thread. */
    abstract void drain();

    /** Whether the task has no job running, queued, unrecorded or left to resume. */
    abstract boolean idle();

    /**
     * The accepted event of {@code record} as a job, once it holds a place in the pool: waits for one
     * (recording results meanwhile) when the instance holds as many as it may.
     */
    final PendingJob reserveJob(Record<String, Verdict> record) {
        Verdict accepted = record.value();
        PendingJob job = new PendingJob(
                accepted.event(),
                accepted.decidedAtMs(),
                record.timestamp(),
                RecordOrigin.of(context.recordMetadata()));
        jobs.reserve(this::drain);
        return job;
    }

    /** Stops the task's jobs, dropping those queued in {@code lanes}; see {@link TaskJobs#close}. */
    final void closeJobs(Collection<Lane> lanes) {
        // A task closed before it ran (while restoring) may not have initialised its processors.
        if (jobs != null) {
            jobs.close(lanes, TaskJobs.CLOSE_WAIT);
        }
    }

    /** Times a DONE job from its event's time to the moment its output was written. */
    final void timeEndToEnd(Finished f) {
        ObjectEvent event = f.job().event();
        if (f.result().decision() == Decision.DONE && event.eventTime() != null) {
            Duration sinceEvent =
                    Duration.ofMillis(f.finishedAtMs() - event.eventTime().toEpochMilli());
            if (!sinceEvent.isNegative()) {
                metrics.endToEnd(sinceEvent);
            }
        }
    }

    /** Forwards the terminal verdict of {@code job}, recorded at {@code nowMs}. */
    final void forwardVerdict(String key, PendingJob job, SinkResult result, long nowMs) {
        Verdict verdict = Verdict.decided(job.event(), Decision.ACCEPTED, "accepted", job.acceptedAtMs())
                .completed(result.decision(), result.reason(), nowMs, result.outputKey(), result.outputETag())
                .withOrigin(job.origin());
        context.forward(new Record<>(key, verdict, job.timestamp()));
    }
}
