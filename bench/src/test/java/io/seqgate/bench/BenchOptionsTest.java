package io.seqgate.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void sectionsRunInReportOrderWhateverOrderTheyAreAskedIn() {
        BenchOptions options = BenchOptions.parse(new String[] {"--only", "jmh,gate,slow"});

        assertThat(options.sections()).containsExactly("gate", "slow", "jmh");
    }

    @Test
    void unknownSectionIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--only", "gate,speed"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--only")
                .hasMessageContaining("speed");
    }

    @Test
    void laterOutWinsSoTheScriptsDefaultCanBeOverridden() {
        BenchOptions options = BenchOptions.parse(new String[] {"--out", "/repo/BENCHMARKS.md", "--out", "/tmp/b.md"});

        assertThat(options.out()).isEqualTo(Path.of("/tmp/b.md"));
    }

    @Test
    void scaleMultipliesSizesAndDurationsButNotBelowTheirMinimum() {
        BenchOptions options = BenchOptions.parse(new String[] {"--scale", "0.01"});

        assertThat(options.scaled(200, 2)).isEqualTo(2);
        assertThat(options.scaled(1_000_000, 1_000)).isEqualTo(10_000);
        assertThat(options.scaled(Duration.ofSeconds(15), Duration.ofSeconds(1)))
                .isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void roundsDefaultToFiveAndMayBeCutToOne() {
        assertThat(BenchOptions.parse(new String[0]).rounds()).isEqualTo(5);
        assertThat(BenchOptions.parse(new String[] {"--rounds", "1"}).rounds()).isEqualTo(1);
    }

    @Test
    void zeroRoundsAreRefusedNamingTheOption() {
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--rounds", "0"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--rounds");
    }

    @Test
    void theSlowSectionAddsTheWideAsynchronousSinkAfterTheDefaultOne() {
        assertThat(SinkVariant.widened(BenchOptions.parse(new String[0]).sinks()))
                .containsExactly(SinkVariant.SYNC, SinkVariant.ASYNC, SinkVariant.ASYNC_WIDE);
        assertThat(SinkVariant.widened(
                        BenchOptions.parse(new String[] {"--sinks", "async"}).sinks()))
                .containsExactly(SinkVariant.ASYNC, SinkVariant.ASYNC_WIDE);
        assertThat(SinkVariant.widened(
                        BenchOptions.parse(new String[] {"--sinks", "sync"}).sinks()))
                .containsExactly(SinkVariant.SYNC);
    }

    @Test
    void otherSectionsCompareOnlyTheChosenSinks() {
        assertThat(BenchOptions.parse(new String[0]).sinks()).containsExactly(SinkVariant.SYNC, SinkVariant.ASYNC);
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--sinks", "async-128"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--sinks");
    }

    @Test
    void theWideSinkHas128WorkersAndEightPendingEventsEach() {
        assertThat(SinkVariant.ASYNC_WIDE.settings())
                .containsEntry("SEQGATE_SINK_MODE", "async")
                .containsEntry("SEQGATE_SINK_CONCURRENCY", "128")
                .containsEntry("SEQGATE_SINK_MAX_PENDING", "1024");
        assertThat(SinkVariant.ASYNC_WIDE.concurrency(6)).isEqualTo(128);
        assertThat(SinkVariant.ASYNC.settings()).containsEntry("SEQGATE_SINK_CONCURRENCY", "32");
    }
}
