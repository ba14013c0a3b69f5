package io.seqgate.streams.async;

import java.util.function.BooleanSupplier;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * The wall-clock punctuator that records an asynchronous sink's finished jobs, scheduled only while
 * the task has work and cancelled once it is idle.
 *
 * <p>Kafka Streams marks a task for commit after every punctuation ({@code StreamTask
 * .maybePunctuateSystemTime}), and under exactly-once every commit is a producer transaction with
 * the task's offsets. A punctuator every {@link TaskJobs#DRAIN_INTERVAL} on an idle task would keep
 * a transaction in flight much of the time; an instance killed inside one leaves it open, and until
 * {@code transaction.timeout.ms} aborts it, read-committed consumers and the new owner's fetch of the
 * committed offsets wait (FailoverIT then took minutes instead of seconds). An idle task now commits
 * nothing, so a kill of an idle instance fails over within the session timeout.
 */
final class DrainSchedule {

    private final ProcessorContext<?, ?> context;
    private final Runnable drain;
    private final BooleanSupplier idle;
    private Cancellable scheduled;

    /**
     * @param drain records finished jobs' results, on the stream thread
     * @param idle  whether the task has no job running, queued, unrecorded or left to resume
     */
    DrainSchedule(ProcessorContext<?, ?> context, Runnable drain, BooleanSupplier idle) {
        this.context = context;
        this.drain = drain;
        this.idle = idle;
    }

    /** The task has work: drain every {@link TaskJobs#DRAIN_INTERVAL} until it is idle again. */
    void busy() {
        if (scheduled == null) {
            scheduled = context.schedule(TaskJobs.DRAIN_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> punctuate());
        }
    }

    private void punctuate() {
        drain.run();
        if (idle.getAsBoolean() && scheduled != null) {
            scheduled.cancel();
            scheduled = null;
        }
    }
}
