package io.seqgate.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.seqgate.outcome.Decision;
import java.time.Duration;
import java.util.Map;
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

    @Test
    void scrapeShowsTheBoundOnTheSinkJobs() {
        try (MicrometerMetrics metrics = new MicrometerMetrics()) {
            metrics.sinkMaxPending(256);
            System.gc();
            assertThat(metrics.scrape()).contains("seqgate_sink_max_pending 256.0");
        }
    }

    @Test
    void scrapeShowsTheInputEndOffsetsAndLagOfTheLastMeasurementOnly() {
        try (MicrometerMetrics metrics = new MicrometerMetrics()) {
            metrics.inputOffsets("s3-events", Map.of(0, 10L, 1, 7L), Map.of(0, 4L, 1, 0L));
            metrics.inputOffsets("s3-events", Map.of(0, 12L), Map.of(0, 5L));
            String scrape = metrics.scrape();
            assertThat(scrape)
                    .contains(
                            "seqgate_input_end_offset{partition=\"0\",topic=\"s3-events\"} 12.0",
                            "seqgate_input_lag_records{partition=\"0\",topic=\"s3-events\"} 5.0")
                    .doesNotContain("partition=\"1\"");
        }
    }

    @Test
    void scrapeShowsNoInputLagWhenItCouldNotBeMeasured() {
        try (MicrometerMetrics metrics = new MicrometerMetrics()) {
            metrics.inputOffsets("s3-events", Map.of(0, 10L), Map.of(0, 4L));
            metrics.inputOffsets("s3-events", Map.of(), Map.of());
            assertThat(metrics.scrape()).doesNotContain("seqgate_input_lag_records{", "seqgate_input_end_offset{");
        }
    }

    @Test
    void scrapeShowsTheReconcileIntervalInSeconds() {
        try (MicrometerMetrics metrics = new MicrometerMetrics()) {
            metrics.reconcileInterval(Duration.ofHours(6));
            System.gc();
            assertThat(metrics.scrape()).contains("seqgate_reconcile_interval_seconds 21600.0");
        }
    }
}
