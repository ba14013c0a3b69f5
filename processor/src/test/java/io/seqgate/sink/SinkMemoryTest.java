package io.seqgate.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seqgate.metrics.SeqgateMetrics;
import io.seqgate.outcome.Decision;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/** The sink's memory budget: who is granted what, in which order, and that everything comes back. */
class SinkMemoryTest {

    private static final long MB = 1024 * 1024;

    private final Waits waits = new Waits();
    private final SinkMemory memory = new SinkMemory(100 * MB, waits);

    @Test
    void aClaimThatFitsIsGrantedAtOnce() {
        SinkMemory.Claim claim = memory.claim(60 * MB);

        assertThat(claim.granted()).isTrue();
        assertThat(memory.reserved()).isEqualTo(60 * MB);
        assertThat(memory.waiting()).isZero();
    }

    @Test
    void aClaimThatDoesNotFitWaitsUntilEnoughIsGivenBack() {
        SinkMemory.Claim first = memory.claim(60 * MB);
        SinkMemory.Claim second = memory.claim(60 * MB);

        assertThat(second.granted()).isFalse();
        assertThat(memory.reserved()).isEqualTo(60 * MB);

        first.close();

        assertThat(second.granted()).isTrue();
        assertThat(memory.reserved()).isEqualTo(60 * MB);
    }

    @Test
    void aSmallClaimThatWouldFitWaitsBehindAnEarlierLargeOne() {
        SinkMemory.Claim held = memory.claim(70 * MB);
        SinkMemory.Claim large = memory.claim(50 * MB);
        SinkMemory.Claim small = memory.claim(10 * MB);

        assertThat(large.granted()).as("large").isFalse();
        assertThat(small.granted())
                .as("small, behind the large one though 10 MB are free")
                .isFalse();

        held.close();

        assertThat(large.granted()).as("large").isTrue();
        assertThat(small.granted()).as("small").isTrue();
        assertThat(memory.reserved()).isEqualTo(60 * MB);
    }

    @Test
    void aClaimLargerThanTheBudgetIsGrantedOnceNothingElseIsHeldAndThenRunsAlone() {
        SinkMemory.Claim held = memory.claim(10 * MB);
        SinkMemory.Claim huge = memory.claim(300 * MB);
        SinkMemory.Claim after = memory.claim(1);

        assertThat(huge.granted()).as("huge, while 10 MB are held").isFalse();

        held.close();

        assertThat(huge.granted()).as("huge, alone").isTrue();
        assertThat(after.granted()).as("a byte more, while the huge one runs").isFalse();

        huge.close();

        assertThat(after.granted()).isTrue();
    }

    @Test
    void closingAWaitingClaimTakesItOutOfTheLineAndLetsTheNextGo() {
        SinkMemory.Claim held = memory.claim(50 * MB);
        SinkMemory.Claim large = memory.claim(80 * MB);
        SinkMemory.Claim small = memory.claim(20 * MB);

        large.close();

        assertThat(small.granted()).isTrue();
        assertThat(memory.waiting()).isZero();
        assertThat(memory.reserved()).isEqualTo(70 * MB);
        held.close();
        assertThat(memory.reserved()).isEqualTo(20 * MB);
    }

    @Test
    void closingTwiceGivesBackOnce() {
        SinkMemory.Claim first = memory.claim(40 * MB);
        memory.claim(40 * MB);

        first.close();
        first.close();

        assertThat(memory.reserved()).isEqualTo(40 * MB);
    }

    @Test
    void shrinkingAGrantedClaimGivesTheRestToTheLine() {
        SinkMemory.Claim decoding = memory.claim(90 * MB);
        SinkMemory.Claim next = memory.claim(50 * MB);

        decoding.shrinkTo(5 * MB);

        assertThat(next.granted()).isTrue();
        assertThat(memory.reserved()).isEqualTo(55 * MB);
        decoding.close();
        assertThat(memory.reserved()).isEqualTo(50 * MB);
    }

    @Test
    void awaitReturnsOnceTheClaimIsGranted() throws Exception {
        SinkMemory.Claim held = memory.claim(100 * MB);
        SinkMemory.Claim waiting = memory.claim(30 * MB);
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                waiting.await();
            } catch (Throwable e) {
                failed.set(e);
            }
        });
        worker.start();

        held.close();
        worker.join();

        assertThat(failed.get()).isNull();
        assertThat(waiting.granted()).isTrue();
    }

    @Test
    void anInterruptedWaiterLeavesTheLineAndTheNextGoesAhead() throws Exception {
        SinkMemory.Claim held = memory.claim(60 * MB);
        SinkMemory.Claim interrupted = memory.claim(60 * MB);
        SinkMemory.Claim next = memory.claim(40 * MB);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                interrupted.await();
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        worker.start();

        worker.interrupt();
        worker.join();

        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        assertThat(next.granted())
                .as("next, once the interrupted claim left the line")
                .isTrue();
        assertThat(memory.waiting()).isZero();
        assertThat(memory.reserved()).isEqualTo(100 * MB);
        held.close();
        interrupted.close();
        next.close();
        assertThat(memory.reserved()).isZero();
    }

    @Test
    void awaitingAClosedClaimFails() {
        memory.claim(100 * MB);
        SinkMemory.Claim waiting = memory.claim(1);
        waiting.close();

        assertThatThrownBy(waiting::await).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void everyGrantRecordsItsWaitAndTheGaugesReadTheBudget() {
        SinkMemory.Claim first = memory.claim(60 * MB);
        memory.claim(60 * MB);

        assertThat(waits.waits)
                .as("waits recorded before the second is granted")
                .hasSize(1);
        assertThat(waits.waits.get(0)).isGreaterThanOrEqualTo(Duration.ZERO);
        assertThat(waits.budget).isEqualTo(100 * MB);
        assertThat(waits.reserved.getAsLong()).isEqualTo(60 * MB);

        first.close();

        assertThat(waits.waits).hasSize(2);
    }

    @Test
    void aBudgetMustBePositive() {
        assertThatThrownBy(() -> new SinkMemory(0, SeqgateMetrics.none()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be positive");
    }

    /** What the budget tells the metrics. */
    private static final class Waits implements SeqgateMetrics {
        final List<Duration> waits = new CopyOnWriteArrayList<>();
        LongSupplier reserved;
        long budget;

        @Override
        public void sinkMemory(LongSupplier reserved, long budget) {
            this.reserved = reserved;
            this.budget = budget;
        }

        @Override
        public void sinkMemoryWait(Duration waited) {
            waits.add(waited);
        }

        @Override
        public void outcome(Decision decision) {}

        @Override
        public void s3Call(String operation, Duration duration) {}

        @Override
        public void transform(Duration duration) {}

        @Override
        public void endToEnd(Duration duration) {}
    }
}
