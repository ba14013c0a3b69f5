package io.seqgate.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.seqgate.event.Location;
import io.seqgate.event.NotificationParser;
import io.seqgate.event.ObjectEvent;
import io.seqgate.event.ReconcileRecords.Cause;
import io.seqgate.metrics.SeqgateMetrics;
import io.seqgate.outcome.OutputRecord;
import io.seqgate.sink.InProcessS3;
import io.seqgate.sink.OutputMetadata;
import io.seqgate.sink.S3Calls;
import io.seqgate.sink.SinkSettings;
import io.seqgate.streams.KeyPartitioning;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * A reconcile pass on a real S3 API server: which objects it finds out of sync and why, what it writes
 * to the input topic, and that it reads no input to tell; over a bucket's listing or an inventory report.
 */
class ReconcilePassTest {

    private static final String TRANSFORM = "invert/1";
    private static final int PARTITIONS = 6;
    private static final NotificationParser PARSER = new NotificationParser();

    private static InProcessS3 s3;
    private static S3Client admin;
    private static int buckets;

    @TempDir
    Path work;

    private String in;
    private String out;
    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());

    @BeforeAll
    static void startS3() throws Exception {
        s3 = InProcessS3.start();
        admin = s3.admin();
    }

    @AfterAll
    static void stopS3() {
        s3.close();
    }

    private void buckets(boolean versioned) {
        buckets++;
        in = "in-" + buckets;
        out = "out-" + buckets;
        s3.createBucket(in, versioned);
        s3.createBucket(out, false);
    }

    private Reconciler reconciler(String prefix) {
        SinkSettings sink = SinkSettings.of(out, "done/", 1024, true);
        return new Reconciler(
                s3.client(),
                S3Calls.withSettingsOf(sink, SeqgateMetrics.none()),
                new Reconciler.Target(List.of(new Location(in, prefix)), out, sink::outputKey, TRANSFORM),
                new Reconciler.Destination(producer, "s3-events", PARTITIONS, KeyPartitioning.MINIO_FNV1A),
                Clock.systemUTC());
    }

    private PutObjectResponse input(String key, String content) {
        return admin.putObject(b -> b.bucket(in).key(key), RequestBody.fromString(content));
    }

    /** An output as seqgate writes it, from {@code source}, by {@code transform}. */
    private void output(String key, PutObjectResponse source, String transform) {
        Map<String, String> metadata = new HashMap<>();
        metadata.put(OutputMetadata.SOURCE_SEQUENCER, "0000000000000010");
        metadata.put(OutputMetadata.SOURCE_ETAG, source.eTag().replace("\"", ""));
        if (source.versionId() != null) {
            metadata.put(OutputMetadata.SOURCE_VERSION_ID, source.versionId());
        }
        metadata.put(OutputMetadata.TRANSFORM, transform);
        admin.putObject(b -> b.bucket(out).key("done/" + key).metadata(metadata), RequestBody.fromString("out"));
    }

    private void foreignOutput(String key) {
        admin.putObject(b -> b.bucket(out).key("done/" + key), RequestBody.fromString("foreign"));
    }

    /** The records written, as the parser reads them: key → event name. */
    private Map<String, String> records() {
        Map<String, String> records = new TreeMap<>();
        for (ProducerRecord<byte[], byte[]> record : producer.history()) {
            List<ObjectEvent> events = PARSER.parse(record.value()).events();
            assertThat(events).hasSize(1);
            ObjectEvent event = events.get(0);
            assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(event.objectKey());
            assertThat(record.partition()).isEqualTo(KeyPartitioning.MINIO_FNV1A.partition(record.key(), PARTITIONS));
            assertThat(event.sequencer()).isNull();
            records.put(event.key(), event.eventName());
        }
        return records;
    }

    private ReconcilePass.Progress run(String prefix, int listers) throws InterruptedException {
        return reconciler(prefix).pass(new ReconcilePass.Options(listers, 4, 0)).run();
    }

    /** The records written, with what they say of the input: key → event name, eTag, version id, size. */
    private Map<String, List<Object>> recordsInFull() {
        Map<String, List<Object>> records = new TreeMap<>();
        for (ProducerRecord<byte[], byte[]> record : producer.history()) {
            ObjectEvent e = PARSER.parse(record.value()).events().get(0);
            records.put(e.key(), Arrays.asList(e.eventName(), e.eTag(), e.versionId(), e.size()));
        }
        return records;
    }

    /**
     * The records a pass over the listing writes, and those a pass over an inventory report of the same
     * bucket writes (one data file per three rows, their keys interleaved), in that order.
     */
    private List<Map<String, List<Object>>> listingThenInventory(String prefix, int listers, boolean versions)
            throws InterruptedException {
        reconciler(prefix).pass(new ReconcilePass.Options(listers, 4, 0)).run();
        Map<String, List<Object>> listed = recordsInFull();
        producer.clear();
        List<InventoryReports.Row> rows = InventoryReports.rowsOf(admin, in, versions);
        String manifest = new InventoryReports(admin, inventoryBucket())
                .write(
                        in,
                        versions ? InventoryReports.ALL_VERSIONS : InventoryReports.CURRENT,
                        InventoryReports.dealt(rows, rows.size() / 3 + 1))
                .manifest();
        reconciler(prefix)
                .pass(new ReconcilePass.Options(listers, 4, 0, new ReconcilePass.Inventory(manifest, work)))
                .run();
        return List.of(listed, recordsInFull());
    }

    private String inventoryBucket() {
        String bucket = "inventory-" + buckets;
        s3.createBucket(bucket, false);
        return bucket;
    }

    /**
     * A checkpoint that has finished no unit, starts every unit after {@code resumeAfter} (from its
     * beginning when null), and notes what the pass reports; the pass's listers call it concurrently.
     */
    private static final class NotingCheckpoint implements Checkpoint {

        private final String resumeAfter;
        private final List<String> done = new ArrayList<>();
        private final Map<String, String> progress = new HashMap<>();

        NotingCheckpoint(String resumeAfter) {
            this.resumeAfter = resumeAfter;
        }

        @Override
        public boolean isDone(String unit) {
            return false;
        }

        @Override
        public String resumeAfter(String unit) {
            return resumeAfter;
        }

        @Override
        public synchronized void unitProgress(String unit, String lastKey) {
            progress.put(unit, lastKey);
        }

        @Override
        public synchronized void unitDone(String unit) {
            done.add(unit);
        }

        /** The units the pass finished, in the order it finished them. */
        synchronized List<String> done() {
            return List.copyOf(done);
        }

        /** Each unit's last key that the pass reported as compared. */
        synchronized Map<String, String> progress() {
            return Map.copyOf(progress);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4})
    void findsEveryKindOfOutOfSyncAndOnlyThose(int listers) throws InterruptedException {
        buckets(false);
        PutObjectResponse synced = input("a/synced.png", "1");
        output("a/synced.png", synced, TRANSFORM);
        input("a/missing.png", "2");
        PutObjectResponse old = input("b/stale.png", "3");
        output("b/stale.png", old, TRANSFORM);
        input("b/stale.png", "3 again"); // a newer version, its notification lost
        PutObjectResponse other = input("b/c/transform.png", "4");
        output("b/c/transform.png", other, "other/1");
        input("foreign.png", "5");
        foreignOutput("foreign.png");
        output("orphan.png", synced, TRANSFORM);
        output("gone/orphan.png", synced, TRANSFORM);

        ReconcilePass.Progress done = run("", listers);

        assertThat(records())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "a/missing.png", Cause.OUTPUT_MISSING.eventName(),
                        "b/stale.png", Cause.OUTPUT_STALE.eventName(),
                        "b/c/transform.png", Cause.TRANSFORM_CHANGED.eventName(),
                        "foreign.png", Cause.OUTPUT_FOREIGN.eventName(),
                        "orphan.png", Cause.OUTPUT_ORPHANED.eventName(),
                        "gone/orphan.png", Cause.OUTPUT_ORPHANED.eventName()));
        assertThat(done.compared()).isEqualTo(7);
        assertThat(done.inSync()).isEqualTo(1);
        assertThat(done.emitted()).isEqualTo(6);
        assertThat(done.heads())
                .as("one HEAD per object with both an input and an output")
                .isEqualTo(4);
    }

    @Test
    void readsNoInputToCompare() throws InterruptedException {
        buckets(false);
        for (int i = 0; i < 20; i++) {
            PutObjectResponse put = input("k" + i, "v" + i);
            output("k" + i, put, TRANSFORM);
        }
        s3.requests().reset();

        ReconcilePass.Progress done = run("", 1);

        assertThat(done.inSync()).isEqualTo(20);
        assertThat(producer.history()).isEmpty();
        assertThat(done.requests())
                .containsOnlyKeys("LIST", "HEAD", "VERSIONING")
                .containsEntry("HEAD", 20L);
        assertThat(s3.requests().byOperation()).doesNotContainKey("GetObject").containsEntry("HeadObject", 20);
    }

    @Test
    void keysWithSpacesPlusPercentAndUnicodeSurviveTheRecord() throws InterruptedException {
        buckets(false);
        List<String> keys = List.of(
                "a b.png",
                "a+b.png",
                "100%.png",
                "naïve/ü.png",
                "emoji/\uD83D\uDE00.png",
                "private/\uE000.png",
                "colon:x.png");
        for (String key : keys) {
            input(key, key);
        }

        run("", 4);

        assertThat(records().keySet()).containsExactlyInAnyOrderElementsOf(keys);
    }

    @Test
    void joinsTheListingsInUtf8OrderWhereJavaStringOrderDiffers() throws InterruptedException {
        buckets(false);
        // U+E000 sorts before U+1F600 in UTF-8 (and in S3's listing) but after it in String.compareTo
        for (String key : List.of("x\uE000.png", "x\uD83D\uDE00.png")) {
            PutObjectResponse put = input(key, key);
            output(key, put, TRANSFORM);
        }

        ReconcilePass.Progress done = run("", 1);

        assertThat(done.inSync()).isEqualTo(2);
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void listsOnlyTheCurrentVersionOfAVersionedBucket() throws InterruptedException {
        buckets(true);
        PutObjectResponse v1 = input("v.png", "1");
        output("v.png", v1, TRANSFORM);
        PutObjectResponse v2 = input("v.png", "2");
        input("deleted.png", "1");
        admin.deleteObject(b -> b.bucket(in).key("deleted.png")); // a delete marker on top

        run("", 1);

        assertThat(records()).containsExactlyEntriesOf(Map.of("v.png", Cause.OUTPUT_STALE.eventName()));
        ObjectEvent event =
                PARSER.parse(producer.history().get(0).value()).events().get(0);
        assertThat(event.versionId()).isEqualTo(v2.versionId());
    }

    @Test
    void staysInsideTheInputPrefix() throws InterruptedException {
        buckets(false);
        input("in/one.png", "1");
        input("elsewhere/two.png", "2");
        output("elsewhere/orphan.png", input("x", "x"), TRANSFORM);

        run("in/", 4);

        assertThat(records().keySet()).containsExactly("in/one.png");
    }

    @Test
    void resumesAfterTheCheckpointedKey() throws InterruptedException {
        buckets(false);
        for (int i = 0; i < 5; i++) {
            input("k" + i, "v");
        }
        Checkpoint halfway = new NotingCheckpoint("k2");

        reconciler("")
                .pass(new ReconcilePass.Options(1, 4, 0), halfway, OutputIndex.NONE)
                .run();

        assertThat(records().keySet()).containsExactly("k3", "k4");
    }

    @Test
    void notesItsProgressAndFinishedUnits() throws InterruptedException {
        buckets(false);
        for (String key : List.of("a/1", "a/2", "b/1", "top")) {
            input(key, "v");
        }
        NotingCheckpoint noting = new NotingCheckpoint(null);

        reconciler("")
                .pass(new ReconcilePass.Options(4, 4, 0), noting, OutputIndex.NONE)
                .run();

        // the top level is walked for its folders and its own objects; each folder is one listing
        assertThat(noting.done()).containsExactlyInAnyOrder(in + "/a/", in + "/b/", in + "/|direct");
        assertThat(noting.progress()).containsEntry(in + "/a/", "a/2").containsEntry(in + "/|direct", "top");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4})
    void aPassOverAnInventoryFindsWhatAPassOverTheListingFinds(int listers) throws InterruptedException {
        buckets(false);
        PutObjectResponse synced = input("a/synced.png", "1");
        output("a/synced.png", synced, TRANSFORM);
        input("a/missing.png", "2");
        PutObjectResponse old = input("b/stale.png", "3");
        output("b/stale.png", old, TRANSFORM);
        input("b/stale.png", "3 again");
        PutObjectResponse other = input("b/c/transform.png", "4");
        output("b/c/transform.png", other, "other/1");
        input("foreign.png", "5");
        foreignOutput("foreign.png");
        output("orphan.png", synced, TRANSFORM);
        for (String key :
                List.of("a b.png", "a+b.png", "100%.png", "naïve/ü.png", "x\uE000.png", "x\uD83D\uDE00.png")) {
            input(key, key);
        }

        List<Map<String, List<Object>>> passes = listingThenInventory("", listers, false);

        assertThat(passes.get(0)).hasSize(11);
        assertThat(passes.get(1)).isEqualTo(passes.get(0));
    }

    @Test
    void aPassOverAReportOfAllVersionsFindsWhatAPassOverTheVersionListingFinds() throws InterruptedException {
        buckets(true);
        PutObjectResponse v1 = input("v.png", "1");
        output("v.png", v1, TRANSFORM);
        input("v.png", "2");
        PutObjectResponse kept = input("kept.png", "1");
        output("kept.png", kept, TRANSFORM);
        input("deleted.png", "1");
        output("deleted.png", input("deleted.png", "2"), TRANSFORM);
        admin.deleteObject(b -> b.bucket(in).key("deleted.png"));

        List<Map<String, List<Object>>> passes = listingThenInventory("", 1, true);

        assertThat(passes.get(0).keySet()).containsExactly("deleted.png", "v.png");
        assertThat(passes.get(1)).isEqualTo(passes.get(0));
    }

    @Test
    void aPassOverAnInventoryStaysInsideTheInputPrefix() throws InterruptedException {
        buckets(false);
        input("in/one.png", "1");
        input("elsewhere/two.png", "2");
        output("elsewhere/orphan.png", input("x", "x"), TRANSFORM);

        List<Map<String, List<Object>>> passes = listingThenInventory("in/", 4, false);

        assertThat(passes.get(1).keySet()).containsExactly("in/one.png");
    }

    @Test
    void readsAnInventoryLocationAsOneUnitWhateverTheListers() throws InterruptedException {
        buckets(false);
        for (String key : List.of("a/1", "a/2", "b/1", "top")) {
            input(key, "v");
        }
        String manifest = new InventoryReports(admin, inventoryBucket())
                .write(in, InventoryReports.CURRENT, List.of(InventoryReports.rowsOf(admin, in, false)))
                .manifest();
        NotingCheckpoint noting = new NotingCheckpoint(null);

        reconciler("")
                .pass(
                        new ReconcilePass.Options(4, 4, 0, new ReconcilePass.Inventory(manifest, work)),
                        noting,
                        OutputIndex.NONE)
                .run();

        assertThat(noting.done()).containsExactly(in + "/");
        assertThat(records().keySet()).containsExactly("a/1", "a/2", "b/1", "top");
    }

    @Test
    void namesAnInventoryItCannotReadOrThatListsNoInputBucket() throws InterruptedException {
        buckets(false);
        InventoryReports reports = new InventoryReports(admin, inventoryBucket());
        String elsewhere = reports.write("elsewhere", InventoryReports.CURRENT, List.of(List.of()))
                .manifest();
        String orc = reports.put(
                "orc/manifest.json",
                "{\"sourceBucket\":\"" + in + "\",\"fileFormat\":\"ORC\",\"fileSchema\":\"struct<key:string>\","
                        + "\"files\":[]}");
        String missing = "s3://" + in + "/no/manifest.json";
        Reconciler reconciler = reconciler("");

        assertThat(reconciler.problems(
                        new ReconcilePass.Options(1, 1, 0, new ReconcilePass.Inventory(elsewhere, work))))
                .containsExactly("the inventory " + elsewhere + " lists bucket elsewhere, which holds no input location"
                        + " (SEQGATE_INPUT_LOCATIONS: [" + in + "])");
        assertThat(reconciler.problems(new ReconcilePass.Options(1, 1, 0, new ReconcilePass.Inventory(orc, work))))
                .singleElement(InstanceOfAssertFactories.STRING)
                .startsWith("the inventory " + orc + " is in ORC format; seqgate reads CSV inventories only");
        assertThat(reconciler.problems(new ReconcilePass.Options(1, 1, 0, new ReconcilePass.Inventory(missing, work))))
                .containsExactly("cannot read the inventory manifest " + missing + ": NoSuchKey (HTTP 404)");
    }

    @Test
    void namesEveryLocationThatCannotBeListed() throws InterruptedException {
        buckets(false);
        SinkSettings sink = SinkSettings.of("no-such-output", "", 1024, true);
        Reconciler broken = new Reconciler(
                s3.client(),
                S3Calls.withSettingsOf(sink, SeqgateMetrics.none()),
                new Reconciler.Target(
                        List.of(new Location("no-such-input", ""), new Location(in, "")),
                        "no-such-output",
                        sink::outputKey,
                        TRANSFORM),
                new Reconciler.Destination(producer, "s3-events", PARTITIONS, KeyPartitioning.MINIO_FNV1A),
                Clock.systemUTC());

        assertThat(broken.problems())
                .containsExactly(
                        "input location s3://no-such-input (SEQGATE_INPUT_LOCATIONS) does not exist (NoSuchBucket)",
                        "output bucket s3://no-such-output (SEQGATE_OUTPUT_BUCKET) does not exist (NoSuchBucket)");
    }

    /** An index held in memory, paged as the state queries page: by key, after a key. */
    private static OutputIndex index(Map<String, OutputRecord> records, List<String> asked) {
        return (bucket, prefix, after, limit) -> {
            asked.add(after == null ? "(start)" : after);
            List<OutputIndex.Entry> entries = records.entrySet().stream()
                    .filter(e -> e.getKey().startsWith(prefix))
                    .filter(e -> after == null || KeyOrder.compare(e.getKey(), after) > 0)
                    .sorted(Map.Entry.comparingByKey(KeyOrder.UTF8))
                    .limit(limit)
                    .map(e -> new OutputIndex.Entry(e.getKey(), e.getValue()))
                    .toList();
            return new OutputIndex.Page(
                    entries,
                    entries.size() < limit
                            ? null
                            : entries.get(entries.size() - 1).key());
        };
    }

    /** What the gate would record after writing {@code key}'s output as {@link #output} does. */
    private OutputRecord recorded(String key, PutObjectResponse source) {
        String outputETag =
                admin.headObject(b -> b.bucket(out).key("done/" + key)).eTag().replace("\"", "");
        return new OutputRecord(source.eTag().replace("\"", ""), source.versionId(), outputETag, TRANSFORM);
    }

    /**
     * {@code count} inputs {@code prefix0…}, each with its output by the current transform, and what the
     * gate's output index records for them.
     */
    private Map<String, OutputRecord> inSync(String prefix, int count) {
        Map<String, OutputRecord> records = new HashMap<>();
        for (int i = 0; i < count; i++) {
            PutObjectResponse put = input(prefix + i, "v" + i);
            output(prefix + i, put, TRANSFORM);
            records.put(prefix + i, recorded(prefix + i, put));
        }
        return records;
    }

    @Test
    void anOutputTheIndexRecordsAsListedIsInSyncWithoutAHead() throws InterruptedException {
        buckets(false);
        Map<String, OutputRecord> records = inSync("k", 30);
        s3.requests().reset();

        ReconcilePass.Progress done = reconciler("")
                .pass(new ReconcilePass.Options(1, 4, 0), Checkpoint.NONE, index(records, new ArrayList<>()))
                .run();

        assertThat(done.inSync()).isEqualTo(30);
        assertThat(done.inSyncByIndex()).isEqualTo(30);
        assertThat(done.heads()).isZero();
        assertThat(s3.requests().byOperation()).doesNotContainKeys("HeadObject", "GetObject");
    }

    @Test
    void anOutputWhoseListingDoesNotMatchTheIndexIsComparedByHead() throws InterruptedException {
        buckets(false);
        PutObjectResponse old = input("changed", "1");
        output("changed", old, TRANSFORM);
        OutputRecord before = recorded("changed", old);
        input("changed", "2"); // a new version whose notification was lost: the listing shows its eTag
        PutObjectResponse other = input("overwritten", "3");
        output("overwritten", other, TRANSFORM);
        OutputRecord written = recorded("overwritten", other);
        foreignOutput("overwritten"); // another writer: the output's eTag is not the recorded one
        PutObjectResponse same = input("retransformed", "4");
        output("retransformed", same, TRANSFORM);
        OutputRecord byOldTransform = new OutputRecord(
                recorded("retransformed", same).sourceETag(),
                null,
                recorded("retransformed", same).outputETag(),
                "other/1");

        ReconcilePass.Progress done = reconciler("")
                .pass(
                        new ReconcilePass.Options(1, 4, 0),
                        Checkpoint.NONE,
                        index(
                                Map.of("changed", before, "overwritten", written, "retransformed", byOldTransform),
                                new ArrayList<>()))
                .run();

        assertThat(done.heads()).isEqualTo(3);
        assertThat(records())
                .containsEntry("changed", Cause.OUTPUT_STALE.eventName())
                .containsEntry("overwritten", Cause.OUTPUT_FOREIGN.eventName())
                .doesNotContainKey("retransformed"); // the HEAD shows the output is the current transform's
    }

    @Test
    void anInputTheIndexRecordsAsRefusedByTheTransformIsInSyncWithoutAnOutput() throws InterruptedException {
        buckets(false);
        PutObjectResponse notAnImage = input("notes.txt", "text");
        PutObjectResponse changed = input("was-text.png", "text");
        input("was-text.png", "now an image"); // a new version: the refusal recorded was of the old one
        Map<String, OutputRecord> records = Map.of(
                "notes.txt", OutputRecord.refused(notAnImage.eTag().replace("\"", ""), null, TRANSFORM),
                "was-text.png", OutputRecord.refused(changed.eTag().replace("\"", ""), null, TRANSFORM));

        ReconcilePass.Progress done = reconciler("")
                .pass(new ReconcilePass.Options(1, 4, 0), Checkpoint.NONE, index(records, new ArrayList<>()))
                .run();

        assertThat(done.inSyncByIndex()).isEqualTo(1);
        assertThat(records()).containsExactlyEntriesOf(Map.of("was-text.png", Cause.OUTPUT_MISSING.eventName()));
    }

    @Test
    void objectsInTheOneFolderOfABucketAreInSyncByTheIndexWithoutAHead() throws InterruptedException {
        // The pass looks through the single folder, which it walks for its folders and its own objects.
        buckets(false);
        Map<String, OutputRecord> records = inSync("uploads/k", 12);
        s3.requests().reset();

        ReconcilePass.Progress done = reconciler("")
                .pass(new ReconcilePass.Options(4, 4, 0), Checkpoint.NONE, index(records, new ArrayList<>()))
                .run();

        assertThat(done.inSync()).isEqualTo(12);
        assertThat(done.inSyncByIndex()).isEqualTo(12);
        assertThat(done.heads()).isZero();
    }

    @Test
    void aSplitLevelReadsTheIndexForItsOwnObjectsAndSkipsEachFoldersEntriesInOneRequest() throws InterruptedException {
        buckets(false);
        Map<String, OutputRecord> records = new HashMap<>();
        for (String key : List.of("a.png", "m.png", "z.png")) {
            PutObjectResponse put = input(key, key);
            output(key, put, TRANSFORM);
            records.put(key, recorded(key, put));
        }
        input("sub/only.png", "v");
        // The index knows many more objects in the folder than one page holds (the listing is not asked).
        OutputRecord elsewhere = new OutputRecord("e", null, "o", TRANSFORM);
        for (int i = 0; i < 3 * UnitJoin.BATCH; i++) {
            records.put(String.format(Locale.ROOT, "m/%05d.png", i), elsewhere);
        }
        List<String> asked = Collections.synchronizedList(new ArrayList<>());

        ReconcilePass.Progress done = reconciler("")
                .pass(new ReconcilePass.Options(2, 4, 0), Checkpoint.NONE, index(records, asked))
                .run();

        assertThat(done.inSyncByIndex()).as("a.png, m.png, z.png").isEqualTo(3);
        assertThat(records()).containsOnlyKeys("sub/only.png");
        // The top level (split, as there are listers to share its folders): from the start, then past m/
        // (once, not a page at a time); and the unit of sub/ from its start.
        assertThat(asked).containsExactlyInAnyOrder("(start)", UnitJoin.past("m/"), "(start)");
    }

    @Test
    void pastAFolderIsAfterEveryKeyInItAndBeforeTheNextKeyOutsideIt() {
        String past = UnitJoin.past("photos/");
        String longest = "photos/" + "\uDBFF\uDFFF".repeat((1024 - 7) / 4) + "zzz".substring(0, (1024 - 7) % 4);

        assertThat(longest.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSize(1024);
        assertThat(KeyOrder.compare(longest, past)).isNegative();
        assertThat(KeyOrder.compare("photos/\uFFFF\uFFFF", past)).isNegative();
        assertThat(KeyOrder.compare("photos0", past)).isPositive();
        assertThat(KeyOrder.compare("photos/", past)).isNegative();
    }

    @Test
    void looksThroughALevelWithASingleFolderToSplitTheOneBelow() throws InterruptedException {
        buckets(false);
        for (String key : List.of("photos/2024/1.png", "photos/2025/1.png", "photos/2025/2.png")) {
            input(key, "v");
        }
        NotingCheckpoint noting = new NotingCheckpoint(null);

        reconciler("")
                .pass(new ReconcilePass.Options(4, 4, 0), noting, OutputIndex.NONE)
                .run();

        assertThat(noting.done())
                .containsExactlyInAnyOrder(
                        in + "/|direct", in + "/photos/|direct", in + "/photos/2024/", in + "/photos/2025/");
        assertThat(records()).hasSize(3);
    }

    @Test
    void aPassWhoseIndexCannotAnswerComparesByHead() throws InterruptedException {
        buckets(false);
        for (int i = 0; i < 5; i++) {
            PutObjectResponse put = input("k" + i, "v" + i);
            output("k" + i, put, TRANSFORM);
        }
        OutputIndex down = (bucket, prefix, after, limit) -> {
            throw new OutputIndex.IndexUnavailableException("rebalancing", null);
        };

        ReconcilePass.Progress done = reconciler("")
                .pass(new ReconcilePass.Options(1, 4, 0), Checkpoint.NONE, down)
                .run();

        assertThat(done.inSync()).isEqualTo(5);
        assertThat(done.heads()).isEqualTo(5);
    }

    @Test
    void readsTheIndexFromTheCheckpointedKeyOn() throws InterruptedException {
        buckets(false);
        Map<String, OutputRecord> records = inSync("k", 5);
        Checkpoint afterK2 = new NotingCheckpoint("k2");
        List<String> asked = new ArrayList<>();

        ReconcilePass.Progress done = reconciler("")
                .pass(new ReconcilePass.Options(1, 4, 0), afterK2, index(records, asked))
                .run();

        assertThat(asked).containsExactly("k2");
        assertThat(done.inSyncByIndex()).isEqualTo(2);
    }
}
