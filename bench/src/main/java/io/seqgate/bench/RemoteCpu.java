package io.seqgate.bench;

import com.sun.management.OperatingSystemMXBean;
import com.sun.management.ThreadMXBean;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import jdk.management.jfr.FlightRecorderMXBean;

/**
 * The CPU time of another JVM on this machine, thread by thread, read through its management agent
 * (the attach API starts it): {@code ThreadMXBean}'s CPU time of every Java thread, the process's
 * CPU time (which adds the JVM's own threads: GC, JIT, VM), and on request a Flight Recorder
 * recording of where its threads run, written to a file this JVM can read.
 */
final class RemoteCpu implements AutoCloseable {

    private final JMXConnector connector;
    private final ThreadMXBean threads;
    private final OperatingSystemMXBean os;
    private final FlightRecorderMXBean recorder;

    private RemoteCpu(JMXConnector connector, MBeanServerConnection server) throws IOException {
        this.connector = connector;
        this.threads = ManagementFactory.newPlatformMXBeanProxy(
                server, ManagementFactory.THREAD_MXBEAN_NAME, ThreadMXBean.class);
        this.os = ManagementFactory.newPlatformMXBeanProxy(
                server, ManagementFactory.OPERATING_SYSTEM_MXBEAN_NAME, OperatingSystemMXBean.class);
        this.recorder = ManagementFactory.newPlatformMXBeanProxy(
                server, "jdk.management.jfr:type=FlightRecorder", FlightRecorderMXBean.class);
    }

    // The address is the local connector of a JVM this bench started itself, not input from anyone else.
    @SuppressWarnings("BanJNDI")
    static RemoteCpu attach(long pid) throws IOException {
        VirtualMachine vm;
        try {
            vm = VirtualMachine.attach(String.valueOf(pid));
        } catch (AttachNotSupportedException e) {
            throw new IOException("cannot attach to JVM " + pid, e);
        }
        String address;
        try {
            address = vm.startLocalManagementAgent();
        } finally {
            vm.detach();
        }
        JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address));
        return new RemoteCpu(connector, connector.getMBeanServerConnection());
    }

    /** CPU time so far of the process and of each live Java thread. */
    record Snapshot(long processNanos, Map<Long, ThreadTime> threads) {

        /** The CPU time each thread used since {@code earlier}, by name; threads that ended meanwhile are lost. */
        Map<String, Long> threadNanosSince(Snapshot earlier) {
            Map<String, Long> used = new HashMap<>();
            threads.forEach((id, now) -> {
                ThreadTime before = earlier.threads().get(id);
                long nanos = now.cpuNanos() - (before == null ? 0 : before.cpuNanos());
                used.merge(now.name(), nanos, Long::sum);
            });
            return used;
        }
    }

    record ThreadTime(String name, long cpuNanos) {}

    Snapshot snapshot() {
        long[] ids = threads.getAllThreadIds();
        ThreadInfo[] infos = threads.getThreadInfo(ids);
        long[] cpu = threads.getThreadCpuTime(ids);
        Map<Long, ThreadTime> byId = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (infos[i] != null && cpu[i] >= 0) {
                byId.put(ids[i], new ThreadTime(infos[i].getThreadName(), cpu[i]));
            }
        }
        return new Snapshot(os.getProcessCpuTime(), byId);
    }

    /** Starts sampling the JVM's threads every {@code periodMs}, Java and native code; returns the recording's id. */
    long startSampling(int periodMs) {
        long id = recorder.newRecording();
        recorder.setRecordingSettings(
                id,
                Map.of(
                        "jdk.ExecutionSample#enabled",
                        "true",
                        "jdk.ExecutionSample#period",
                        periodMs + " ms",
                        "jdk.NativeMethodSample#enabled",
                        "true",
                        "jdk.NativeMethodSample#period",
                        periodMs + " ms"));
        recorder.startRecording(id);
        return id;
    }

    /** Stops the recording and has the JVM write it to {@code file}. */
    void stopSampling(long id, Path file) throws IOException {
        recorder.stopRecording(id);
        try {
            recorder.copyTo(id, file.toAbsolutePath().toString());
        } finally {
            recorder.closeRecording(id);
        }
    }

    @Override
    public void close() throws IOException {
        connector.close();
    }
}
