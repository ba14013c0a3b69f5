package io.seqgate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuProfileTest {

    private static volatile long spun;

    @TempDir
    Path dir;

    @Test
    void busyThreadsOfOnePoolAreSummedUnderOneNameWithTheirRunningMethod() throws Exception {
        CpuProfile.Summary summary;
        try (CpuProfile profile = CpuProfile.start(dir.resolve("busy.jfr"))) {
            Thread first = new Thread(CpuProfileTest::spin, "busy-worker-1");
            Thread second = new Thread(CpuProfileTest::spin, "busy-worker-2");
            first.start();
            second.start();
            first.join();
            second.join();
            summary = profile.stop();
        }

        assertThat(summary.samples()).isPositive();
        assertThat(summary.byThread())
                .extracting(CpuProfile.Share::name)
                .contains("busy-worker-N")
                .doesNotContain("busy-worker-1", "busy-worker-2");
        assertThat(summary.byFrame())
                .extracting(CpuProfile.Share::name)
                .contains(CpuProfileTest.class.getName() + ".spin");
    }

    /** Half a second of CPU work, so the 10 ms sampler sees the thread running this method. */
    private static void spin() {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
        long x = 0;
        while (System.nanoTime() < end) {
            x = x * 31 + 7;
        }
        // Published, so the JIT cannot drop the loop as dead code.
        spun = x;
    }
}
