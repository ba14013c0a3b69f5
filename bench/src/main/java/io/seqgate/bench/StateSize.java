package io.seqgate.bench;

import io.seqgate.devstack.stack.CommittedReader;
import io.seqgate.devstack.stack.DevStack;
import io.seqgate.outcome.Decision;
import io.seqgate.streams.Names;
import io.seqgate.streams.ObjectState;
import io.seqgate.streams.serde.SeqgateSerdes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serde;

/**
 * Section 7: what the gate keeps per object. One create event for each of a million objects goes
 * through the gate (sink off); then the RocksDB store's files on disk and the changelog topic's
 * log on the broker are measured and divided by the number of objects.
 */
final class StateSize implements Section {

    static final double TARGET_BYTES = 128;
    private static final int BASE_KEYS = 1_000_000;
    private static final Duration TIMEOUT = Duration.ofMinutes(20);
    private static final int SAMPLE = 1_000;

    @Override
    public String name() {
        return "state";
    }

    @Override
    public String title() {
        return "6. State bytes per object";
    }

    @Override
    public void run(BenchContext context) throws Exception {
        int keys = context.options().scaled(BASE_KEYS, 1_000);
        try (DevStack stack = DevStack.builder().start();
                StreamsRun runs = StreamsRun.load(stack, keys, 1, TIMEOUT, context)) {
            long records = runs.records();
            String applicationId = "bench-state";
            Path stateDir = context.newDir("state-");
            context.progress("gating them (sink off)");
            Duration took = runs.timeGate(BenchProcessor.config(stack, applicationId, stateDir), "gate");
            context.progress("gated %,d objects in %.0f s; measuring", records, took.toMillis() / 1000.0);
            // Closed by now: RocksDB flushed its memtables into SST files.
            Path storeRoot = stateDir.resolve(applicationId);
            long sstBytes = sizeOf(storeRoot, true);
            long storeBytes = sizeOf(storeRoot, false);
            String changelog = applicationId + "-" + Names.STATE_STORE + "-changelog";
            long changelogBytes = logBytes(runs.admin(), changelog);
            Sample sample = sample(stack.bootstrapServers(), changelog);
            report(context, keys, sstBytes, storeBytes, changelogBytes, sample);
        }
    }

    /**
     * Encoded sizes of the first stored entries, read back from the changelog: what the gate writes
     * with the sink off, and what it holds once the sink recorded a DONE outcome.
     */
    private record Sample(double keyBytes, double valueBytes, double doneValueBytes) {}

    private static Sample sample(String bootstrapServers, String topic) {
        Serde<ObjectState> serde = SeqgateSerdes.objectState();
        long keyBytes = 0;
        long valueBytes = 0;
        long doneBytes = 0;
        int n = 0;
        try (CommittedReader<byte[], byte[]> consumer = CommittedReader.ofPartition(
                bootstrapServers,
                new TopicPartition(topic, 0),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (n < SAMPLE && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (n >= SAMPLE || record.value() == null) {
                        continue;
                    }
                    keyBytes += record.key().length;
                    valueBytes += record.value().length;
                    ObjectState accepted = serde.deserializer().deserialize(topic, record.value());
                    // As the sink leaves it after writing the output: ReconcileOutput stores its decision and reason.
                    ObjectState done = new ObjectState(
                            accepted.sequencer(),
                            accepted.eventName(),
                            accepted.eTag(),
                            accepted.versionId(),
                            accepted.removed(),
                            accepted.eventTimeMs(),
                            Decision.DONE,
                            "wrote output from sequencer " + accepted.sequencer(),
                            accepted.accepted(),
                            accepted.duplicates(),
                            accepted.stale(),
                            accepted.updatedAtMs(),
                            null);
                    doneBytes += serde.serializer().serialize(topic, done).length;
                    n++;
                }
            }
        }
        if (n == 0) {
            throw new IllegalStateException("no entries on " + topic);
        }
        return new Sample((double) keyBytes / n, (double) valueBytes / n, (double) doneBytes / n);
    }

    /** Bytes of the files of the object-state stores under {@code root}; SST files only when {@code sstOnly}. */
    private static long sizeOf(Path root, boolean sstOnly) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.toString().contains("/rocksdb/" + Names.STATE_STORE + "/"))
                    .filter(p -> !sstOnly || p.getFileName().toString().endsWith(".sst"))
                    .mapToLong(p -> {
                        try {
                            return Files.size(p);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .sum();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot measure " + root, e);
        }
    }

    /** Bytes of the topic's log segments on the broker, all partitions. */
    private static long logBytes(Admin admin, String topic) throws Exception {
        Map<Integer, Map<String, LogDirDescription>> dirs =
                admin.describeLogDirs(List.of(1)).allDescriptions().get(30, TimeUnit.SECONDS);
        return dirs.values().stream()
                .flatMap(m -> m.values().stream())
                .flatMap(d -> d.replicaInfos().entrySet().stream())
                .filter(e -> e.getKey().topic().equals(topic))
                .mapToLong(e -> e.getValue().size())
                .sum();
    }

    private void report(
            BenchContext context, int keys, long sstBytes, long storeBytes, long changelogBytes, Sample sample) {
        Report report = context.report();
        report.heading(title());
        report.paragraph(
                "%,d objects (keys like `input/photos/0000001.png`, unversioned "
                        + "bucket), one create event each, through the gate with the sink off; then the RocksDB store's files "
                        + "(after Kafka Streams closed, which flushes them) and the changelog topic's log segments on the broker "
                        + "(uncompressed, before any compaction), divided by the number of objects. Encoded sizes are averages "
                        + "over the first %,d changelog entries; \"after DONE\" re-encodes them as the sink leaves them "
                        + "(decision DONE, its reason text), which is the steady state of an object in production.",
                keys, SAMPLE);
        report.table(
                List.of("what", "bytes", "per object"),
                List.of(
                        List.of(
                                "RocksDB store, SST files",
                                String.format(Locale.ROOT, "%,d", sstBytes),
                                perKey(sstBytes, keys)),
                        List.of(
                                "RocksDB store, all files (with its log, manifest, options)",
                                String.format(Locale.ROOT, "%,d", storeBytes),
                                perKey(storeBytes, keys)),
                        List.of(
                                "changelog topic",
                                String.format(Locale.ROOT, "%,d", changelogBytes),
                                perKey(changelogBytes, keys)),
                        List.of("one entry, encoded: key", "", String.format(Locale.ROOT, "%.1f", sample.keyBytes())),
                        List.of(
                                "one entry, encoded: value as the gate writes it (ACCEPTED)",
                                "",
                                String.format(Locale.ROOT, "%.1f", sample.valueBytes())),
                        List.of(
                                "one entry, encoded: value after DONE",
                                "",
                                String.format(Locale.ROOT, "%.1f", sample.doneValueBytes()))));
        double sstPerKey = (double) sstBytes / keys;
        double changelogPerKey = (double) changelogBytes / keys;
        report.target(Target.atMost(
                "state per object: RocksDB SST files",
                "≤ 128 B",
                sstPerKey,
                TARGET_BYTES,
                String.format(Locale.ROOT, "%.0f B", sstPerKey)));
        report.target(Target.atMost(
                "state per object: changelog",
                "≤ 128 B",
                changelogPerKey,
                TARGET_BYTES,
                String.format(Locale.ROOT, "%.0f B", changelogPerKey)));
    }

    private static String perKey(long bytes, int keys) {
        return String.format(Locale.ROOT, "%.1f", (double) bytes / keys);
    }
}
