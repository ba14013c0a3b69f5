package io.seqgate.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.seqgate.config.SeqgateConfig;
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
}
