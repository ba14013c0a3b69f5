package io.seqgate.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuProfileTest {

    private static volatile boolean spinning;
    private static volatile long spun;

    @TempDir
    Path dir;

    private final AtomicInteger snapshots = new AtomicInteger();

    @Test
    void busyThreadsOfOnePoolAreSummedUnderOneNameWithTheirRunningMethod() throws Exception {
        CpuProfile.Summary summary;
        try (CpuProfile profile = CpuProfile.start(dir.resolve("busy.jfr"))) {
            spinning = true;
            Thread first = new Thread(CpuProfileTest::spin, "busy-worker-1");
            Thread second = new Thread(CpuProfileTest::spin, "busy-worker-2");
            first.start();
            second.start();
            try {
                // The sampler is a thread of the JVM like any other: on a machine busy with other tests it
                // may take a while to see the workers, so they spin until it has, rather than for a fixed time.
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> sampledSoFar(first.getName()) && sampledSoFar(second.getName()));
            } finally {
                spinning = false;
                first.join();
                second.join();
            }
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

    /** Whether the recording so far holds a sample of {@code thread} running {@link #spin}. */
    private boolean sampledSoFar(String thread) throws IOException {
        Path file = dir.resolve("snapshot-" + snapshots.incrementAndGet() + ".jfr");
        try (Recording snapshot = FlightRecorder.getFlightRecorder().takeSnapshot()) {
            snapshot.dump(file);
        }
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            if (event.getEventType().getName().equals("jdk.ExecutionSample")
                    && event.getThread("sampledThread") != null
                    && thread.equals(event.getThread("sampledThread").getJavaName())
                    && event.getStackTrace() != null
                    && !event.getStackTrace().getFrames().isEmpty()) {
                RecordedFrame top = event.getStackTrace().getFrames().get(0);
                if (top.getMethod().getName().equals("spin")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** CPU work until the test has seen the sampler catch it, so the 10 ms sampler sees the thread running this method. */
    private static void spin() {
        long x = 0;
        while (spinning) {
            x = x * 31 + 7;
        }
        // Published, so the JIT cannot drop the loop as dead code.
        spun = x;
    }
}
