package io.seqgate.streams.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seqgate.metrics.SeqgateMetrics;
import org.apache.kafka.streams.errors.TaskMigratedException;
import org.junit.jupiter.api.Test;

/**
 * Whatever throws inside the key-ordered sink — the pending-work store once the producer is fenced,
 * forwarding an outcome — the place its event took is not lost: Kafka Streams closes a task whose
 * processor threw (its transaction is aborted with the gate's decision), and the closed task gives
 * every place it took back. One place only, so a lost one would leave the next record waiting forever.
 */
class KeyOrderedSinkFailureTest {

    private static final String OBJECT = "input/a.jpg";

    private final HeldSink sink = new HeldSink();
    private final SinkWorkers workers = new SinkWorkers(Runnable::run, 1);
    private final SinkTask task = new SinkTask();
    private final KeyOrderedSink processor = new KeyOrderedSink(workers, sink, SeqgateMetrics.none());

    private boolean thePlaceIsFree() {
        return workers.tryReserveForResume();
    }

    @Test
    void givesBackThePlaceOfAnEventWhosePendingEntryCouldNotBeWritten() {
        processor.init(task.context);
        task.failPendingWrites(true);

        assertThatThrownBy(() -> processor.process(SinkTask.accepted(OBJECT, "18A2B3C4D5E60001")))
                .isInstanceOf(TaskMigratedException.class);
        processor.close();

        assertThat(thePlaceIsFree()).as("the only place is free again").isTrue();
    }

    @Test
    void givesBackThePlaceOfAnEventWhenEndingTheWorkItOvertookThrows() {
        task.leftByPreviousOwner(OBJECT, "18A2B3C4D5E60001", null);
        processor.init(task.context);
        task.failForward(true);

        assertThatThrownBy(() -> processor.process(SinkTask.accepted(OBJECT, "18A2B3C4D5E60002")))
                .isInstanceOf(TaskMigratedException.class);
        processor.close();

        assertThat(thePlaceIsFree()).as("the only place is free again").isTrue();
    }

    @Test
    void givesBackThePlaceOfResumedWorkWhenEndingItsInterruptedEventThrows() {
        task.leftByPreviousOwner(OBJECT, "18A2B3C4D5E60001", "18A2B3C4D5E60002");
        processor.init(task.context);
        task.failForward(true);

        assertThatThrownBy(task::punctuate).isInstanceOf(TaskMigratedException.class);
        processor.close();

        assertThat(thePlaceIsFree()).as("the only place is free again").isTrue();
    }
}
