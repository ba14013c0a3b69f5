package io.seqgate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CpuBreakdownTest {

    private static final String APP = "seqgate-dev-0f6b3a52-3c3e-4b2e-9d1e-2a0c5f1b7e44";

    @Test
    void streamThreadsAndTheirProducersAreToldApart() {
        assertThat(CpuBreakdown.group(APP + "-StreamThread-1")).isEqualTo(CpuBreakdown.Group.STREAM);
        assertThat(CpuBreakdown.group("kafka-producer-network-thread | " + APP + "-StreamThread-1-producer"))
                .isEqualTo(CpuBreakdown.Group.PROCESSOR_CLIENTS);
    }

    @Test
    void theNotifiersProducerIsNotTheProcessors() {
        assertThat(CpuBreakdown.group("kafka-producer-network-thread | seqgate-devstack-notifier"))
                .isEqualTo(CpuBreakdown.Group.NOTIFIER);
    }

    @Test
    void sinkWorkersS3ServerAndBrokerThreadsHaveTheirOwnGroups() {
        assertThat(CpuBreakdown.group("seqgate-sink-17")).isEqualTo(CpuBreakdown.Group.SINK);
        assertThat(CpuBreakdown.group("S3Proxy-Jetty-42")).isEqualTo(CpuBreakdown.Group.S3_SERVER);
        assertThat(CpuBreakdown.group("data-plane-kafka-request-handler-3")).isEqualTo(CpuBreakdown.Group.BROKER);
        assertThat(CpuBreakdown.group("TxnMarkerSenderThread-1")).isEqualTo(CpuBreakdown.Group.BROKER);
        assertThat(CpuBreakdown.group("sdk-ScheduledExecutor-2-0")).isEqualTo(CpuBreakdown.Group.OTHER);
    }

    @Test
    void jvmThreadsAreTheProcessTimeNoJavaThreadAccountsFor() {
        RemoteCpu.Snapshot before = new RemoteCpu.Snapshot(
                1_000_000_000L, Map.of(1L, new RemoteCpu.ThreadTime("seqgate-sink-1", 100_000_000L)));
        RemoteCpu.Snapshot after = new RemoteCpu.Snapshot(
                2_000_000_000L, Map.of(1L, new RemoteCpu.ThreadTime("seqgate-sink-1", 700_000_000L)));

        CpuBreakdown cpu = CpuBreakdown.of(before, after, Optional.empty(), 100, 50_000_000L);

        assertThat(cpu.perObject(CpuBreakdown.Part.SINK_OTHER)).isEqualTo(6.0);
        assertThat(cpu.perObject(CpuBreakdown.Part.JVM)).isEqualTo(4.0);
        assertThat(cpu.devJvm()).isEqualTo(10.0);
        assertThat(cpu.client()).isEqualTo(0.5);
    }
}
