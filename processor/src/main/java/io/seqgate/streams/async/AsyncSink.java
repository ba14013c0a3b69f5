package io.seqgate.streams.async;

import io.seqgate.event.ObjectEvent;
import io.seqgate.metrics.SeqgateMetrics;
import io.seqgate.outcome.Decision;
import io.seqgate.sink.ObjectSink;
import io.seqgate.sink.SinkResult;
import io.seqgate.streams.PendingJob;
import io.seqgate.streams.RecordOrigin;
import io.seqgate.streams.Verdict;
import io.seqgate.streams.async.TaskJobs.Finished;
import io.seqgate.streams.async.TaskJobs.Lane;
import java.time.Duration;
import java.util.Collection;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * What the two asynchronous sink processors ({@link KeyOrderedSink}, {@link UnorderedSink}) share:
 * per task, a {@link TaskJobs} on the instance's {@link SinkWorkers} and the {@link DrainSchedule}
 * that records its results; turning an accepted record into a job that holds a place; forwarding a
 * job's terminal verdict; and reporting every call — a record, a drain — to the workers'
 * {@link SinkProgress}, so that a stream thread stuck in one, or failing in one again and again,
 * shows (liveness). Each subclass decides how jobs are ordered and when its task is idle.
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
        this.drainSchedule = new DrainSchedule(context, () -> call(this::punctuate), this::idle);
        startTask();
    }

    @Override
    public final void process(Record<String, Verdict> record) {
        call(() -> processAccepted(record));
    }

    /**
     * Kafka Streams closes a task (and with it this processor) also after its processor threw; the
     * task's places are given back either way.
     */
    @Override
    public final void close() {
        // A task closed before it ran (while restoring) may not have initialised its processors.
        if (jobs != null) {
            jobs.close(closeTask());
            workers.progress().taskClosed(context.taskId());
        }
    }

    /** Runs one call of the task's sink, reporting it to the workers' {@link SinkProgress}. */
    private void call(Runnable call) {
        SinkProgress progress = workers.progress();
        progress.callStarted(context.taskId(), context.currentSystemTimeMs());
        try {
            call.run();
        } catch (RuntimeException | Error e) {
            progress.callFailed(context.taskId());
            throw e;
        }
        progress.callCompleted(context.taskId());
    }

    /** Hands the accepted event of {@code record} to the workers. */
    abstract void processAccepted(Record<String, Verdict> record);

    /** The punctuator's work while the task has work: records results (and may wait, see the subclass). */
    void punctuate() {
        drain();
    }

    /** Forgets the task's per-task state; returns its lanes whose queued events are to be dropped. */
    abstract Collection<Lane> closeTask();

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

    /** Records finished jobs' results, on the stream thread, without waiting for anything. */
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
