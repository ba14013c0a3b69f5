package io.seqgate.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seqgate.metrics.SeqgateMetrics;
import io.seqgate.reconcile.InventoryReports.Row;
import io.seqgate.sink.InProcessS3;
import io.seqgate.sink.S3Calls;
import io.seqgate.sink.SinkSettings;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Reading an S3 Inventory report from a real S3 API server: the current objects of a location, in key
 * order whatever the order of the data files' rows, keys decoded as S3 encodes them, and the reports it
 * refuses.
 */
class InventoryListingTest {

    private static final String SOURCE = "photos";

    private static InProcessS3 s3;
    private static S3Client admin;
    private static int buckets;

    @TempDir
    Path work;

    private String destination;
    private InventoryReports reports;
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void startS3() throws Exception {
        s3 = InProcessS3.start();
        admin = s3.admin();
    }

    @AfterAll
    static void stopS3() {
        s3.close();
    }

    @BeforeEach
    void destinationBucket() {
        destination = "inventory-" + ++buckets;
        s3.createBucket(destination, false);
        reports = new InventoryReports(admin, destination);
    }

    /** A listing whose S3 calls are the pass's retried ones, each noted in {@link #calls}. */
    private InventoryListing listing(String manifest) {
        S3Calls retried = S3Calls.withSettingsOf(SinkSettings.of("out", "", 1024, true), SeqgateMetrics.none());
        Calls noted = new Calls() {
            @Override
            public <T> T run(String operation, String target, Supplier<T> call) throws InterruptedException {
                calls.add(operation + " " + target);
                return retried.startBudget().run(operation, target, call);
            }
        };
        return new InventoryListing(s3.client(), noted, manifest, work);
    }

    private List<ListedObject> read(String manifest, String prefix, String startAfter) throws InterruptedException {
        List<ListedObject> all = new ArrayList<>();
        try (SortedListing.Pages pages = listing(manifest).pages(prefix, startAfter, false)) {
            while (pages.hasNext()) {
                all.addAll(pages.next().objects());
            }
        }
        return all;
    }

    private static List<String> keys(List<ListedObject> objects) {
        return objects.stream().map(ListedObject::key).toList();
    }

    private List<Path> leftInWorkDir() throws IOException {
        try (Stream<Path> files = Files.list(work)) {
            return files.toList();
        }
    }

    @Test
    void yieldsTheObjectsOfDataFilesWithInterleavedKeysInUtf8Order() throws Exception {
        List<Row> rows = new ArrayList<>();
        for (int n = 0; n < 2500; n++) { // more than a page
            rows.add(Row.current(String.format("k%04d", n), "e" + n, n));
        }
        rows.add(Row.current("x\uD83D\uDE00", "emoji", 1)); // U+1F600 sorts after U+E000 in UTF-8
        rows.add(Row.current("x\uE000", "private", 1));
        String manifest = reports.write(SOURCE, InventoryReports.CURRENT, InventoryReports.dealt(rows, 4))
                .manifest();

        List<ListedObject> objects = read(manifest, "", null);

        List<String> expected = new ArrayList<>();
        for (int n = 0; n < 2500; n++) {
            expected.add(String.format("k%04d", n));
        }
        expected.add("x\uE000");
        expected.add("x\uD83D\uDE00");
        assertThat(keys(objects)).containsExactlyElementsOf(expected);
        assertThat(objects.get(17)).isEqualTo(new ListedObject("k0017", "e17", 17, null));
    }

    @Test
    void decodesKeysWithSpacesPlusPercentAndUnicodeAsS3EncodesThem() throws Exception {
        List<String> keys = List.of(
                "a b.png",
                "a+b.png",
                "100%.png",
                "a%20b.png",
                "naïve/ü.png",
                "emoji/\uD83D\uDE00.png",
                "colon:x,y.png");
        // form encoding, as reports have it: a space is '+', a '+' is %2B, a '%' is %25
        assertThat(URLEncoder.encode("a b+c%", StandardCharsets.UTF_8)).isEqualTo("a+b%2Bc%25");
        List<Row> rows = keys.stream().map(k -> Row.current(k, "e", 1)).toList();
        String manifest =
                reports.write(SOURCE, InventoryReports.CURRENT, List.of(rows)).manifest();

        assertThat(keys(read(manifest, "", null))).containsExactlyInAnyOrderElementsOf(keys);
    }

    @Test
    void yieldsOnlyTheLatestVersionsOfAReportOfAllVersionsAndNoDeleteMarkers() throws Exception {
        List<Row> first = List.of(
                new Row("kept", "v1", false, false, 1, "old"),
                new Row("deleted", "v1", false, false, 1, "gone"),
                new Row("only", "v1", true, false, 3, "only"));
        List<Row> second = List.of(
                new Row("deleted", "v2", true, true, -1, null),
                new Row("kept", "v2", true, false, 2, "new"),
                new Row("was-deleted", "v2", false, true, -1, null),
                new Row("was-deleted", "v3", true, false, 4, "back"));
        String manifest = reports.write(SOURCE, InventoryReports.ALL_VERSIONS, List.of(first, second))
                .manifest();

        assertThat(read(manifest, "", null))
                .containsExactly(
                        new ListedObject("kept", "new", 2, "v2"),
                        new ListedObject("only", "only", 3, "v1"),
                        new ListedObject("was-deleted", "back", 4, "v3"));
    }

    @Test
    void yieldsOnlyTheKeysUnderThePrefix() throws Exception {
        List<Row> rows = Stream.of("in/a", "elsewhere/b", "in/c/d", "inside", "in")
                .map(k -> Row.current(k, "e", 1))
                .toList();
        String manifest = reports.write(SOURCE, InventoryReports.CURRENT, InventoryReports.dealt(rows, 2))
                .manifest();

        assertThat(keys(read(manifest, "in/", null))).containsExactly("in/a", "in/c/d");
    }

    @Test
    void startsAfterTheKeyAPassResumesFrom() throws Exception {
        List<Row> rows = Stream.of("k0", "k1", "k2", "k3", "k4")
                .map(k -> Row.current(k, "e", 1))
                .toList();
        String manifest = reports.write(SOURCE, InventoryReports.CURRENT, InventoryReports.dealt(rows, 2))
                .manifest();

        assertThat(keys(read(manifest, "", "k2"))).containsExactly("k3", "k4");
    }

    @Test
    void readsQuotedAndBareFieldsAndDoubledQuotes() throws Exception {
        String csv = "photos,a%2Cb,3,2024-01-06T12:00:00.000Z,e1,STANDARD,false\n"
                + "\"photos\",\"c\",\"4\",\"2024-01-06T12:00:00.000Z\",\"e2\",\"ODD,\"\"CLASS\"\"\",\"false\"\r\n";
        String manifest =
                reports.writeCsv(SOURCE, InventoryReports.CURRENT, List.of(csv)).manifest();

        assertThat(read(manifest, "", null))
                .containsExactly(new ListedObject("a,b", "e1", 3, null), new ListedObject("c", "e2", 4, null));
    }

    @Test
    void readsTheManifestAndEveryDataFileThroughThePassesRetriedCalls() throws Exception {
        InventoryReports.Report report = reports.write(
                SOURCE,
                InventoryReports.CURRENT,
                List.of(List.of(Row.current("a", "e", 1)), List.of(Row.current("b", "e", 1))));

        read(report.manifest(), "", null);

        assertThat(calls)
                .containsExactly(
                        "GET " + report.manifest(),
                        "GET s3://" + destination + "/" + report.dataFiles().get(0),
                        "GET s3://" + destination + "/" + report.dataFiles().get(1));
    }

    @Test
    void leavesNothingInItsWorkDirectoryOnceClosed() throws Exception {
        List<Row> rows =
                Stream.of("a", "b", "c").map(k -> Row.current(k, "e", 1)).toList();
        String manifest = reports.write(SOURCE, InventoryReports.CURRENT, InventoryReports.dealt(rows, 3))
                .manifest();

        try (SortedListing.Pages pages = listing(manifest).pages("", null, false)) {
            assertThat(leftInWorkDir()).as("the runs, while the pages are open").hasSize(1);
            pages.next();
        }

        assertThat(leftInWorkDir()).isEmpty();
    }

    @Test
    void refusesADataFileWhoseMd5IsNotTheManifestsNamingTheFile() throws Exception {
        InventoryReports.Report report = reports.write(
                SOURCE,
                InventoryReports.CURRENT,
                List.of(List.of(Row.current("a", "e", 1)), List.of(Row.current("b", "e", 1))));
        String damaged = report.dataFiles().get(1);
        reports.replace(damaged, SOURCE, InventoryReports.CURRENT, List.of(Row.current("c", "e", 1)));

        assertThatThrownBy(() -> read(report.manifest(), "", null))
                .isInstanceOf(ReconcileException.class)
                .hasMessageContaining("the inventory data file s3://" + destination + "/" + damaged + " has MD5")
                .hasMessageContaining("but the manifest " + report.manifest() + " says");
        assertThat(leftInWorkDir()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ORC", "Parquet"})
    void refusesAnOrcOrParquetReportNamingItsFormatAndAskingForCsv(String format) {
        // As the User Guide's example manifests of these formats have it (fileSchema shortened)
        String manifest = reports.put(
                "inventory/photos/orc/2024-01-07T00-00Z/manifest.json",
                "{\"sourceBucket\":\"photos\",\"destinationBucket\":\"arn:aws:s3:::" + destination + "\","
                        + "\"version\":\"2016-11-30\",\"creationTimestamp\":\"1514944800000\","
                        + "\"fileFormat\":\"" + format + "\",\"fileSchema\":\"struct<bucket:string,key:string>\","
                        + "\"files\":[{\"key\":\"inventory/photos/data/d794c570.orc\",\"size\":56291,"
                        + "\"MD5checksum\":\"5925f4e78e1695c2d020b9f6eexample\"}]}");

        assertThatThrownBy(() -> read(manifest, "", null))
                .isInstanceOf(ReconcileException.class)
                .hasMessageContaining("the inventory " + manifest + " is in " + format + " format")
                .hasMessageContaining("Hadoop")
                .hasMessageContaining("set the inventory configuration's output format to CSV");
        assertThat(calls).as("no data file read").hasSize(1);
    }

    @Test
    void refusesAReportWithoutAnETagColumnToCompare() {
        List<String> noETag = List.of("Bucket", "Key", "Size");
        String manifest = reports.writeCsv(SOURCE, noETag, List.of("\"photos\",\"a\",\"1\"\n"))
                .manifest();

        assertThatThrownBy(() -> read(manifest, "", null))
                .isInstanceOf(ReconcileException.class)
                .hasMessageContaining("has no ETag column")
                .hasMessageContaining("add ETag to the inventory configuration's fields");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "'\"photos\",\"b\",\"1\"' | has 3 fields, the manifest names 7 columns",
                "'\"photos\",\"b\",\"one\",\"t\",\"e\",\"STANDARD\",\"false\"' | has a Size that is not a number: one",
                "'\"photos\",\"b%zz\",\"1\",\"t\",\"e\",\"STANDARD\",\"false\"' | has a key that is not URL-encoded: b%zz"
            })
    void refusesARowItCannotReadNamingFileAndRow(String badRow, String why) {
        InventoryReports.Report report = reports.writeCsv(
                SOURCE,
                InventoryReports.CURRENT,
                List.of("\"photos\",\"a\",\"1\",\"t\",\"e\",\"STANDARD\",\"false\"\n" + badRow + "\n"));

        assertThatThrownBy(() -> read(report.manifest(), "", null))
                .isInstanceOf(ReconcileException.class)
                .hasMessage("row 2 of the inventory data file s3://" + destination + "/"
                        + report.dataFiles().get(0) + " " + why);
    }
}
