package io.seqgate.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.seqgate.outcome.Decision;
import java.time.Duration;
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
            assertThat(scrape).contains("seqgate_outcomes_total{decision=\"DONE\"} 2.0",
                    "seqgate_outcomes_total{decision=\"STALE\"} 1.0",
                    "seqgate_outcomes_total{decision=\"FAILED\"} 0.0",
                    "seqgate_s3_call_seconds_count{operation=\"GET\"} 1",
                    "seqgate_transform_seconds_count 1",
                    "seqgate_end_to_end_seconds_count 1",
                    "seqgate_end_to_end_seconds_bucket");
        }
    }
}
