package io.seqgate.reconcile;

import io.seqgate.event.ETags;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Writes S3 Inventory reports into a bucket as S3 lays them out (Amazon S3 User Guide, "Locating your
 * inventory list"): gzip-compressed CSV data files, every field in double quotes, keys URL-encoded with a
 * space as {@code +}, and a {@code manifest.json} naming them with their MD5.
 */
final class InventoryReports {

    /** The columns of a report of current versions only. */
    static final List<String> CURRENT =
            List.of("Bucket", "Key", "Size", "LastModifiedDate", "ETag", "StorageClass", "IsMultipartUploaded");

    /** The columns of a report of all versions. */
    static final List<String> ALL_VERSIONS = List.of(
            "Bucket",
            "Key",
            "VersionId",
            "IsLatest",
            "IsDeleteMarker",
            "Size",
            "LastModifiedDate",
            "ETag",
            "StorageClass",
            "IsMultipartUploaded");

    /** One row: an object, a version or a delete marker. */
    record Row(String key, String versionId, boolean latest, boolean deleteMarker, long size, String eTag) {

        static Row current(String key, String eTag, long size) {
            return new Row(key, null, true, false, size, eTag);
        }
    }

    /**
     * A report written.
     *
     * @param manifest  its manifest's {@code s3://} URL
     * @param dataFiles its data files' keys, in the manifest's order
     */
    record Report(String manifest, List<String> dataFiles) {}

    private final S3Client admin;
    private final String destination;
    private int reports;

    /** @param destination the bucket the reports are written to */
    InventoryReports(S3Client admin, String destination) {
        this.admin = admin;
        this.destination = destination;
    }

    /** Writes a CSV report of {@code source} with one data file per list of rows. */
    Report write(String source, List<String> columns, List<List<Row>> files) {
        return writeCsv(
                source,
                columns,
                files.stream().map(rows -> csv(source, columns, rows)).toList());
    }

    /** Writes a CSV report of {@code source} with one data file per CSV text given. */
    Report writeCsv(String source, List<String> columns, List<String> files) {
        reports++;
        String base = "inventory/" + source + "/config-" + reports + "/";
        List<String> keys = new ArrayList<>();
        StringBuilder listed = new StringBuilder();
        for (String text : files) {
            String key = base + "data/file-" + keys.size() + ".csv.gz";
            byte[] gz = gzip(text);
            admin.putObject(b -> b.bucket(destination).key(key), RequestBody.fromBytes(gz));
            keys.add(key);
            listed.append(listed.isEmpty() ? "" : ",")
                    .append("{\"key\":\"")
                    .append(key)
                    .append("\",\"size\":")
                    .append(gz.length)
                    .append(",\"MD5checksum\":\"")
                    .append(md5(gz))
                    .append("\"}");
        }
        String manifest = "{\"sourceBucket\":\"" + source + "\",\"destinationBucket\":\"arn:aws:s3:::" + destination
                + "\",\"version\":\"2016-11-30\",\"creationTimestamp\":\"1514944800000\",\"fileFormat\":\"CSV\","
                + "\"fileSchema\":\"" + String.join(", ", columns) + "\",\"files\":[" + listed + "]}";
        return new Report(put(base + "2024-01-07T00-00Z/manifest.json", manifest), keys);
    }

    /** Writes {@code json} as a manifest and returns its URL. */
    String put(String key, String json) {
        admin.putObject(b -> b.bucket(destination).key(key), RequestBody.fromString(json));
        return "s3://" + destination + "/" + key;
    }

    /** Replaces a data file's bytes with another gzip CSV file's, as a damaged or replaced file would be. */
    void replace(String dataFile, String source, List<String> columns, List<Row> rows) {
        admin.putObject(
                b -> b.bucket(destination).key(dataFile), RequestBody.fromBytes(gzip(csv(source, columns, rows))));
    }

    /** Every object in {@code bucket}, or with {@code versions} every version and delete marker, as rows. */
    static List<Row> rowsOf(S3Client admin, String bucket, boolean versions) {
        List<Row> rows = new ArrayList<>();
        if (versions) {
            for (var page : admin.listObjectVersionsPaginator(b -> b.bucket(bucket))) {
                for (ObjectVersion v : page.versions()) {
                    rows.add(new Row(v.key(), v.versionId(), v.isLatest(), false, v.size(), ETags.unquoted(v.eTag())));
                }
                for (DeleteMarkerEntry d : page.deleteMarkers()) {
                    rows.add(new Row(d.key(), d.versionId(), d.isLatest(), true, -1, null));
                }
            }
        } else {
            for (S3Object o :
                    admin.listObjectsV2Paginator(b -> b.bucket(bucket)).contents()) {
                rows.add(Row.current(o.key(), ETags.unquoted(o.eTag()), o.size()));
            }
        }
        return rows;
    }

    /** The rows shuffled and dealt over {@code files} data files, so that every file spans the whole key range. */
    static List<List<Row>> dealt(List<Row> rows, int files) {
        List<Row> shuffled = new ArrayList<>(rows);
        Collections.shuffle(shuffled, new Random(files));
        List<List<Row>> dealt = new ArrayList<>();
        for (int f = 0; f < files; f++) {
            dealt.add(new ArrayList<>());
        }
        for (int n = 0; n < shuffled.size(); n++) {
            dealt.get(n % files).add(shuffled.get(n));
        }
        return dealt;
    }

    private static String csv(String source, List<String> columns, List<Row> rows) {
        StringBuilder csv = new StringBuilder();
        for (Row row : rows) {
            List<String> fields = new ArrayList<>();
            for (String column : columns) {
                fields.add(
                        switch (column) {
                            case "Bucket" -> source;
                            case "Key" -> URLEncoder.encode(row.key(), StandardCharsets.UTF_8);
                            case "VersionId" -> row.versionId() == null ? "" : row.versionId();
                            case "IsLatest" -> String.valueOf(row.latest());
                            case "IsDeleteMarker" -> String.valueOf(row.deleteMarker());
                            case "Size" -> row.deleteMarker() ? "" : String.valueOf(row.size());
                            case "LastModifiedDate" -> "2024-01-06T12:00:00.000Z";
                            case "ETag" -> row.deleteMarker() ? "" : row.eTag();
                            case "StorageClass" -> row.deleteMarker() ? "" : "STANDARD";
                            case "IsMultipartUploaded" -> "false";
                            default -> throw new IllegalArgumentException(column);
                        });
            }
            csv.append('"').append(String.join("\",\"", fields)).append('"').append('\n');
        }
        return csv.toString();
    }

    private static byte[] gzip(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
