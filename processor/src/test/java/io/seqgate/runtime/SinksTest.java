package io.seqgate.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.seqgate.config.SeqgateConfig;
import io.seqgate.metrics.SeqgateMetrics;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SinksTest {

    @Test
    void theSinksS3ClientPoolsAConnectionPerWorkerAndNeverFewerThanTheSdksFifty() {
        assertThat(Sinks.maxConnections(SeqgateConfig.fromEnv(Map.of()))).isEqualTo(50);
        assertThat(Sinks.maxConnections(SeqgateConfig.fromEnv(Map.of("SEQGATE_SINK_CONCURRENCY", "128"))))
                .isEqualTo(128);
        assertThat(Sinks.maxConnections(SeqgateConfig.fromEnv(Map.of("SEQGATE_SINK_CONCURRENCY", "1024"))))
                .isEqualTo(1024);
    }

    @Test
    void theSinkMemoryBudgetIsTheSettingOfTheHeapItRunsIn() {
        long heap = 1024L << 20;

        assertThat(Sinks.memory(SeqgateConfig.fromEnv(Map.of()), heap, SeqgateMetrics.none())
                        .budget())
                .isEqualTo(512L << 20);
        assertThat(Sinks.memory(
                                SeqgateConfig.fromEnv(Map.of("SEQGATE_SINK_MEMORY", "75%")),
                                heap,
                                SeqgateMetrics.none())
                        .budget())
                .isEqualTo(768L << 20);
        assertThat(Sinks.memory(
                                SeqgateConfig.fromEnv(Map.of("SEQGATE_SINK_MEMORY", "300m")),
                                heap,
                                SeqgateMetrics.none())
                        .budget())
                .isEqualTo(300L << 20);
    }
}
