package io.seqgate.streams.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Who gets a freed place of the instance's sink workers: resumed work first, then new records in turn. */
class SinkWorkersTest {

    private static final Duration INTERVAL = Duration.ofMillis(10);

    private final SinkWorkers workers = new SinkWorkers(Runnable::run, 1);
    private Thread record;
    private Thread resume;

    @AfterEach
    void stop() throws InterruptedException {
        for (int i = 0; i < 2; i++) {
            workers.unreserve();
        }
        for (Thread t : new Thread[] {record, resume}) {
            if (t != null) {
                t.join(Duration.ofSeconds(30).toMillis());
            }
        }
    }

    /** A thread that takes a place; it is in line once it has looked at results once. */
    private static Thread waiting(String name, Runnable take) {
        Thread thread = new Thread(take, name);
        thread.start();
        return thread;
    }

    @Test
    void aFreedPlaceGoesToWaitingResumedWorkBeforeARecordThatWaitedLonger() {
        assertThat(workers.tryReserveForResume()).as("the only place").isTrue();
        AtomicInteger recordLooks = new AtomicInteger();
        AtomicInteger resumeLooks = new AtomicInteger();
        record = waiting("record", () -> workers.reserve(INTERVAL, recordLooks::incrementAndGet));
        await().atMost(Duration.ofSeconds(30)).until(() -> recordLooks.get() > 0);
        resume = waiting("resume", () -> workers.reserveForResume(INTERVAL, resumeLooks::incrementAndGet));
        await().atMost(Duration.ofSeconds(30)).until(() -> resumeLooks.get() > 0);

        workers.unreserve();

        await().atMost(Duration.ofSeconds(30)).until(() -> !resume.isAlive());
        int looks = recordLooks.get();
        await().atMost(Duration.ofSeconds(30)).until(() -> recordLooks.get() > looks);
        assertThat(record.isAlive()).as("the record still waits").isTrue();
    }
}
