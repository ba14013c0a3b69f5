package io.seqgate.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seqgate.sink.S3Calls;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The {@code manifest.json} of an S3 Inventory report: the bucket it lists, the columns of its data
 * files and where they are. S3 writes it to
 * {@code destination-prefix/source-bucket/config-ID/YYYY-MM-DDTHH-MMZ/manifest.json} in the destination
 * bucket, with the fields {@code sourceBucket}, {@code destinationBucket} (an ARN), {@code fileFormat}
 * ({@code CSV}, {@code ORC} or {@code Parquet}), {@code fileSchema} (for CSV the column names, e.g.
 * {@code "Bucket, Key, VersionId, IsLatest, IsDeleteMarker, Size, LastModifiedDate, ETag, …"}) and
 * {@code files}, each with its {@code key}, {@code size} and {@code MD5checksum} (Amazon S3 User Guide,
 * "Locating your inventory list", storage-inventory-location.html).
 *
 * <p>Only CSV is read: ORC and Parquet readers would pull Hadoop's libraries into the processor.
 *
 * @param url          where the manifest was read, {@code s3://bucket/key}
 * @param sourceBucket the bucket the report lists
 * @param filesBucket  the bucket its data files are in (the destination bucket)
 * @param columns      the data files' columns, in order
 * @param files        the data files
 */
record InventoryManifest(
        String url, String sourceBucket, String filesBucket, List<String> columns, List<DataFile> files) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Columns a pass cannot do without: the key to join on, the eTag to compare with what outputs record. */
    private static final List<String> REQUIRED = List.of("Key", "ETag");

    /**
     * One data file of the report.
     *
     * @param key the data file's key in {@link #filesBucket}
     * @param md5 the MD5 of the file's bytes as stored (gzip-compressed for CSV), in hex
     */
    record DataFile(String key, String md5) {}

    /** A bucket and a key, from {@code s3://bucket/key}. */
    record S3Url(String bucket, String key) {

        static S3Url parse(String url) {
            if (url == null || !url.startsWith("s3://")) {
                throw new IllegalArgumentException("an inventory manifest is named s3://bucket/key, got " + url);
            }
            String path = url.substring("s3://".length());
            int slash = path.indexOf('/');
            if (slash <= 0 || slash == path.length() - 1) {
                throw new IllegalArgumentException(
                        "an inventory manifest is named s3://bucket/key (…/manifest.json), got " + url);
            }
            return new S3Url(path.substring(0, slash), path.substring(slash + 1));
        }

        @Override
        public String toString() {
            return "s3://" + bucket + "/" + key;
        }
    }

    InventoryManifest {
        columns = List.copyOf(columns);
        files = List.copyOf(files);
    }

    /** The index of {@code column} among the data files' columns, or -1 when the report has no such column. */
    int column(String column) {
        return columns.indexOf(column);
    }

    /**
     * Reads the manifest at {@code url}.
     *
     * @throws ReconcileException when it cannot be read, or is not a CSV report with a Key and an ETag column
     */
    static InventoryManifest read(S3Client s3, Calls calls, String url) throws InterruptedException {
        S3Url at = S3Url.parse(url);
        byte[] json;
        try {
            json = calls.run(
                            "GET",
                            at.toString(),
                            () -> s3.getObjectAsBytes(b -> b.bucket(at.bucket()).key(at.key())))
                    .asByteArray();
        } catch (S3Exception e) {
            String code =
                    e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            throw new ReconcileException(
                    "cannot read the inventory manifest " + at + ": " + code + " (HTTP " + e.statusCode() + ")", e);
        } catch (SdkException | S3Calls.Unavailable e) {
            throw new ReconcileException("cannot read the inventory manifest " + at + ": " + e.getMessage(), e);
        }
        return parse(at, json);
    }

    /** The manifest in {@code json}, read from {@code at}. */
    static InventoryManifest parse(S3Url at, byte[] json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new ReconcileException("the inventory manifest " + at + " is not JSON: " + e.getMessage(), e);
        }
        String format = text(root, "fileFormat", at);
        if (!"CSV".equalsIgnoreCase(format)) {
            throw new ReconcileException(
                    "the inventory " + at + " is in " + format + " format; seqgate reads CSV inventories only"
                            + " (reading ORC or Parquet would pull Hadoop's libraries into the processor):"
                            + " set the inventory configuration's output format to CSV",
                    null);
        }
        List<String> columns = new ArrayList<>();
        for (String column : text(root, "fileSchema", at).split(",", -1)) {
            columns.add(column.trim());
        }
        for (String required : REQUIRED) {
            if (!columns.contains(required)) {
                throw new ReconcileException(
                        "the inventory " + at + " has no " + required + " column (its fileSchema: "
                                + String.join(", ", columns) + "); add " + required
                                + " to the inventory configuration's fields",
                        null);
            }
        }
        List<DataFile> files = new ArrayList<>();
        JsonNode list = root.path("files");
        if (!list.isArray()) {
            throw new ReconcileException("the inventory manifest " + at + " has no files list", null);
        }
        for (JsonNode file : list) {
            files.add(new DataFile(
                    text(file, "key", at), text(file, "MD5checksum", at).toLowerCase(Locale.ROOT)));
        }
        return new InventoryManifest(
                at.toString(), text(root, "sourceBucket", at), filesBucket(root, at), columns, files);
    }

    /**
     * The bucket the data files are in: the destination bucket, named by its ARN
     * ({@code arn:aws:s3:::bucket}); the manifest's own bucket when it names none, as S3 writes both there.
     */
    private static String filesBucket(JsonNode root, S3Url at) {
        String destination = root.path("destinationBucket").asText("");
        if (destination.isEmpty()) {
            return at.bucket();
        }
        int colon = destination.lastIndexOf(':');
        return colon < 0 ? destination : destination.substring(colon + 1);
    }

    private static String text(JsonNode node, String field, S3Url at) {
        JsonNode value = node.get(field);
        if (value == null || !value.isValueNode() || value.asText().isEmpty()) {
            throw new ReconcileException("the inventory manifest " + at + " has no " + field, null);
        }
        return value.asText();
    }
}
