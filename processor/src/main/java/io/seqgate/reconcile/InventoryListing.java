package io.seqgate.reconcile;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.NoSuchElementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The current objects of one bucket as an S3 Inventory report lists them, in {@link KeyOrder}: what a
 * pass joins with the output listing instead of listing an input bucket too large to list often
 * (docs/reconcile.md). It reads the report's manifest ({@link InventoryManifest}, CSV reports only),
 * downloads each data file through the pass's retried calls, refuses one whose MD5 is not the
 * manifest's, and reads its current objects ({@link InventoryRows}) in the location asked for.
 *
 * <p>The Amazon S3 User Guide says nothing of the order of a report's rows, within a data file or across
 * files, so none is assumed: the objects are put in key order by an external merge sort
 * ({@link SortedRuns}): each data file's objects in the location are sorted in memory into a run on local
 * disk, then the runs are merged. Memory is therefore bounded by one data file's objects in the location
 * — about 80 bytes plus the key's UTF-8 length each, plus 32 with a version id — and only one data file
 * is held at a time, however many locations are read at once. Local disk holds the data file being read
 * (as S3 stores it, gzip-compressed) and the runs, about 56 bytes plus the key per current object in the
 * location; they are written under the directory the caller gives and deleted when the pages are closed.
 *
 * <p>A report is read whole for each listing, and {@link #listsFolders() lists no folders}: a pass reads a
 * location from it as one unit rather than split into folders listed at once, since every unit would have
 * to download and sort the whole report again to find its own rows in it.
 */
final class InventoryListing implements SortedListing {

    private static final Logger LOG = LoggerFactory.getLogger(InventoryListing.class);

    private final S3Client s3;
    private final Calls calls;
    private final String manifestUrl;
    private final Path workDir;
    private final Object oneFileAtATime = new Object();
    private InventoryManifest manifest;

    /**
     * @param manifestUrl the report's {@code manifest.json}, {@code s3://bucket/key}
     * @param workDir     where the sorted runs are written while a listing is read
     */
    InventoryListing(S3Client s3, Calls calls, String manifestUrl, Path workDir) {
        this.s3 = s3;
        this.calls = calls;
        this.manifestUrl = manifestUrl;
        this.workDir = workDir;
    }

    /**
     * The report's manifest, read on first use.
     *
     * @throws ReconcileException when it cannot be read or describes a report this class cannot read
     */
    synchronized InventoryManifest manifest() throws InterruptedException {
        if (manifest == null) {
            manifest = InventoryManifest.read(s3, calls, manifestUrl);
        }
        return manifest;
    }

    @Override
    public boolean listsFolders() {
        return false;
    }

    /**
     * Sorts the report's current objects in {@code prefix} after {@code startAfter} before it returns;
     * the pages then merge the sorted runs.
     *
     * @throws ReconcileException when a data file cannot be read, is not what the manifest says, or the
     *                            runs cannot be written
     */
    @Override
    public Pages pages(String prefix, String startAfter, boolean directOnly) throws InterruptedException {
        if (directOnly) {
            throw new IllegalArgumentException("an inventory report lists no folders: read a location whole");
        }
        InventoryManifest report = manifest();
        SortedRuns runs;
        try {
            runs = new SortedRuns(Files.createTempDirectory(workDir, "seqgate-inventory-"));
        } catch (IOException e) {
            throw new ReconcileException(
                    "cannot create a directory for the inventory's sorted runs under " + workDir + ": " + e, e);
        }
        try {
            synchronized (oneFileAtATime) {
                for (InventoryManifest.DataFile file : report.files()) {
                    sortInto(runs, report, file, prefix, startAfter);
                }
            }
            return new MergedPages(runs, runs.merge());
        } catch (IOException e) {
            deleteAfterFailure(runs, e);
            throw new ReconcileException(
                    "cannot sort the inventory " + report.url() + " under " + workDir + ": " + e, e);
        } catch (RuntimeException | InterruptedException e) {
            deleteAfterFailure(runs, e);
            throw e;
        }
    }

    /** Downloads one data file, checks it against the manifest, and writes its objects in the location as a run. */
    private void sortInto(
            SortedRuns runs,
            InventoryManifest report,
            InventoryManifest.DataFile file,
            String prefix,
            String startAfter)
            throws IOException, InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        String name = "s3://" + report.filesBucket() + "/" + file.key();
        Path download = Files.createTempFile(workDir, "seqgate-inventory-", ".csv.gz");
        try {
            String md5 = download(report.filesBucket(), file.key(), name, download);
            if (!md5.equals(file.md5())) {
                throw new ReconcileException(
                        "the inventory data file " + name + " has MD5 " + md5 + " but the manifest " + report.url()
                                + " says " + file.md5() + ": it was damaged or replaced; read a complete report",
                        null);
            }
            try (InventoryRows rows = new InventoryRows(download, name, report)) {
                ListedObject object;
                while ((object = rows.next()) != null) {
                    if (object.key().startsWith(prefix)
                            && (startAfter == null || KeyOrder.compare(object.key(), startAfter) > 0)) {
                        runs.add(object);
                    }
                }
            }
            runs.endRun();
        } finally {
            Files.deleteIfExists(download);
        }
    }

    /** Downloads an object to {@code to}, a connection lost part-way retried as a failed call is; returns its MD5. */
    private String download(String bucket, String key, String name, Path to) throws InterruptedException {
        try {
            return calls.run("GET", name, () -> {
                MessageDigest md5 = md5();
                try (ResponseInputStream<GetObjectResponse> in =
                                s3.getObject(b -> b.bucket(bucket).key(key));
                        OutputStream out = Files.newOutputStream(to)) {
                    new DigestInputStream(in, md5).transferTo(out);
                } catch (IOException e) {
                    throw SdkClientException.create("reading " + name + " failed part-way: " + e, e);
                }
                return HexFormat.of().formatHex(md5.digest());
            });
        } catch (S3Exception e) {
            String code =
                    e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            throw new ReconcileException(
                    "cannot read the inventory data file " + name + ": " + code + " (HTTP " + e.statusCode() + ")", e);
        }
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has MD5", e);
        }
    }

    private static void deleteAfterFailure(SortedRuns runs, Exception failure) {
        try {
            runs.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    /** The merged runs, a page at a time; closing deletes them. */
    private static final class MergedPages implements Pages {
        private final SortedRuns runs;
        private final SortedRuns.Merge merge;
        private ListedObject next;

        MergedPages(SortedRuns runs, SortedRuns.Merge merge) throws IOException {
            this.runs = runs;
            this.merge = merge;
            this.next = merge.next();
        }

        @Override
        public boolean hasNext() {
            return next != null;
        }

        @Override
        public Page next() {
            if (next == null) {
                throw new NoSuchElementException();
            }
            List<ListedObject> page = new ArrayList<>(BucketListing.PAGE);
            try {
                while (next != null && page.size() < BucketListing.PAGE) {
                    page.add(next);
                    next = merge.next();
                }
            } catch (IOException e) {
                throw new ReconcileException("cannot read the inventory's sorted runs: " + e, e);
            }
            return new Page(
                    page,
                    List.of(),
                    next == null ? null : page.get(page.size() - 1).key());
        }

        @Override
        public void close() {
            try {
                runs.close();
            } catch (IOException e) {
                LOG.warn("Cannot delete the inventory's sorted runs: {}", e.toString());
            }
        }
    }
}
