package io.seqgate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DistributionTest {

    @Test
    void quantilesAreTheNearestRankOfTheMeasuredValues() {
        Distribution d = Distribution.of(new long[] {50, 10, 40, 20, 30, 60, 70, 80, 90, 100}, 0, 0);

        assertThat(d.quantile(0.5)).isEqualTo(50);
        assertThat(d.quantile(0.99)).isEqualTo(100);
        assertThat(d.quantile(0.1)).isEqualTo(10);
    }

    @Test
    void quantileThatFallsAmongTheMissingIsOnlyKnownToExceedTheWait() {
        Distribution d = Distribution.of(new long[] {1_000_000, 2_000_000}, 2, 10_000_000_000L);

        assertThat(d.quantile(0.5)).isEqualTo(2_000_000);
        assertThat(d.quantile(0.99)).isEqualTo(-1);
        assertThat(d.quantileText(0.99)).isEqualTo("> 10 s");
    }
}
