package io.seqgate.streams.async;

import static org.assertj.core.api.Assertions.assertThat;

import io.seqgate.streams.Verdict;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator;
import org.junit.jupiter.api.Test;

/**
 * The asynchronous sink punctuates only while its task has work: every punctuation makes Kafka
 * Streams commit the task, and under exactly-once a commit is a transaction.
 */
class DrainScheduleTest {

    private final MockProcessorContext<String, Verdict> context = new MockProcessorContext<>();
    private final AtomicInteger drains = new AtomicInteger();
    private final AtomicBoolean idle = new AtomicBoolean();
    private final DrainSchedule schedule = new DrainSchedule(context, drains::incrementAndGet, idle::get);

    private static void fire(CapturedPunctuator punctuator) {
        punctuator.getPunctuator().punctuate(0L);
    }

    @Test
    void aBusyTaskIsDrainedEveryDrainIntervalOnOnePunctuator() {
        schedule.busy();
        schedule.busy();

        assertThat(context.scheduledPunctuators()).singleElement().satisfies(p -> {
            assertThat(p.getInterval()).isEqualTo(TaskJobs.DRAIN_INTERVAL);
            assertThat(p.cancelled()).isFalse();
        });
    }

    @Test
    void punctuatorIsCancelledOnceTheTaskIsIdleAfterADrain() {
        schedule.busy();
        CapturedPunctuator punctuator = context.scheduledPunctuators().get(0);

        fire(punctuator);
        assertThat(punctuator.cancelled()).as("cancelled while busy").isFalse();
        idle.set(true);
        fire(punctuator);

        assertThat(drains).hasValue(2);
        assertThat(punctuator.cancelled()).as("cancelled once idle").isTrue();
    }

    @Test
    void newWorkAfterIdleSchedulesThePunctuatorAgain() {
        schedule.busy();
        idle.set(true);
        fire(context.scheduledPunctuators().get(0));

        idle.set(false);
        schedule.busy();

        assertThat(context.scheduledPunctuators()).hasSize(2);
        assertThat(context.scheduledPunctuators().get(1).cancelled()).isFalse();
    }
}
