package io.seqgate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the photos section reads the processor's GC log and metrics. */
class PhotoThroughputTest {

    @Test
    void peakHeapIsTheMostInUseRightAfterAYoungOrFullPause(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("gc.log");
        Files.writeString(log, """
                [0.011s][info][gc] Using G1
                [9.782s][info][gc] GC(26) Pause Remark 726M->726M(1024M) 10.787ms
                [10.309s][info][gc] GC(27) Pause Young (Normal) (G1 Evacuation Pause) 970M->661M(1024M) 9.179ms
                [11.432s][info][gc] GC(32) Pause Young (Normal) (GCLocker Initiated GC) 1002M->346M(1024M) 5.801ms
                [12.000s][info][gc] GC(40) Pause Full (G1 Compaction Pause) 1G->700M(1G) 120.000ms
                [12.500s][info][gc] GC(41) Pause Young (Normal) (G1 Evacuation Pause) 512K->256K(1024M) 1.000ms
                """);

        assertThat(PhotoThroughput.peakHeap(log)).isEqualTo(700L << 20);
    }

    @Test
    void aSampleIsReadByItsNameAndIsZeroWhenMissing() {
        String scrape = """
                # HELP seqgate_sink_memory_wait_seconds How long a sink job waited
                seqgate_sink_memory_wait_seconds_count 12
                seqgate_sink_memory_wait_seconds_sum 3.5
                """;

        assertThat(PhotoThroughput.sample(scrape, "seqgate_sink_memory_wait_seconds_sum"))
                .isEqualTo(3.5);
        assertThat(PhotoThroughput.sample(scrape, "seqgate_sink_memory_wait_seconds_count"))
                .isEqualTo(12);
        assertThat(PhotoThroughput.sample(scrape, "seqgate_sink_memory_wait_seconds_max"))
                .isZero();
    }
}
