package io.seqgate.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.seqgate.outcome.Decision;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MicrometerMetricsTest {

    @Test
    void scrapeShowsOutcomesByDecisionIncludingZerosAndTimers() {
        try (MicrometerMetrics metrics = new MicrometerMetrics()) {
            metrics.outcome(Decision.DONE);
            metrics.outcome(Decision.DONE);
            metrics.outcome(Decision.STALE);
            metrics.s3Call("GET", Duration.ofMillis(12));
            metrics.transform(Duration.ofMillis(3));
            metrics.endToEnd(Duration.ofMillis(250));
            String scrape = metrics.scrape();
            assertThat(scrape)
                    .contains(
                            "seqgate_outcomes_total{decision=\"DONE\"} 2.0",
                            "seqgate_outcomes_total{decision=\"STALE\"} 1.0",
                            "seqgate_outcomes_total{decision=\"FAILED\"} 0.0",
                            "seqgate_s3_call_seconds_count{operation=\"GET\"} 1",
                            "seqgate_transform_seconds_count 1",
                            "seqgate_end_to_end_seconds_count 1",
                            "seqgate_end_to_end_seconds_bucket");
        }
    }

    @Test
    void scrapeShowsTheSinkJobsInFlightAndQueued() {
        try (MicrometerMetrics metrics = new MicrometerMetrics()) {
            AtomicInteger inFlight = new AtomicInteger(3);
            metrics.sinkJobs(inFlight::get, () -> 1);
            inFlight.set(5);
            // Micrometer holds a gauge's object weakly unless told otherwise; nothing else holds these suppliers.
            System.gc();
            assertThat(metrics.scrape())
                    .contains("seqgate_sink_jobs{state=\"in_flight\"} 5.0", "seqgate_sink_jobs{state=\"queued\"} 1.0");
        }
    }

    @Test
    void scrapeShowsTheSinkMemoryBudgetWhatIsReservedAndTheWaits() {
        try (MicrometerMetrics metrics = new MicrometerMetrics()) {
            AtomicLong reserved = new AtomicLong(1024);
            metrics.sinkMemory(reserved::get, 512L * 1024 * 1024);
            reserved.set(160_000_000);
            metrics.sinkMemoryWait(Duration.ZERO);
            metrics.sinkMemoryWait(Duration.ofMillis(1500));
            System.gc();
            // The names Prometheus alerts are written against.
            assertThat(metrics.scrape())
                    .contains(
                            "seqgate_sink_memory_bytes{state=\"reserved\"} 1.6E8",
                            "seqgate_sink_memory_bytes{state=\"budget\"} 5.36870912E8",
                            "seqgate_sink_memory_wait_seconds_count 2",
                            "seqgate_sink_memory_wait_seconds_sum 1.5",
                            "seqgate_sink_memory_wait_seconds_bucket");
        }
    }

    @Test
    void scrapeShowsTheLongestSinkStallInSeconds() {
        try (MicrometerMetrics metrics = new MicrometerMetrics()) {
            metrics.sinkStall(() -> Duration.ofMillis(421_500));
            System.gc();
            assertThat(metrics.scrape()).contains("seqgate_sink_stall_seconds 421.5");
        }
    }

    @Test
    void scrapeShowsDeadLettersByKindIncludingZeros() {
        try (MicrometerMetrics metrics = new MicrometerMetrics()) {
            metrics.deadLetter("unparseable");
            metrics.deadLetter("unparseable");
            assertThat(metrics.scrape())
                    .contains(
                            "seqgate_dead_letters_total{kind=\"unparseable\"} 2.0",
                            "seqgate_dead_letters_total{kind=\"sink-failed\"} 0.0",
                            "seqgate_dead_letters_total{kind=\"processing-error\"} 0.0");
        }
    }
}
