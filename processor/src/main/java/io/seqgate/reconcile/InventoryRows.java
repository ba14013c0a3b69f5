package io.seqgate.reconcile;

import io.seqgate.event.ETags;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The current objects one CSV data file of an S3 Inventory report lists, in the file's order. The file
 * is "a CSV file compressed with GZIP", one object (or, in a report of all versions, one version or
 * delete marker) per line with the manifest's {@code fileSchema} columns in order, and its Key field is
 * URL-encoded "and must be decoded before you can use it" (Amazon S3 User Guide, "Amazon S3 Inventory
 * list", storage-inventory.html#storage-inventory-contents). The guide says neither how fields are
 * quoted (reports put each in double quotes; fields are read as RFC 4180 has them, quoted or bare) nor
 * which URL encoding: reports encode a space as {@code +} and a {@code +} as {@code %2B}, form encoding
 * (cloud-custodian found it: github.com/cloud-custodian/cloud-custodian/issues/1997), which
 * {@link URLDecoder} reads.
 *
 * <p>A row is current when its IsLatest is true and its IsDeleteMarker is not, where the report has
 * those columns (a report of all versions); every row of a report of current versions only is.
 */
final class InventoryRows implements AutoCloseable {

    private final Reader in;
    private final String name;
    private final int columns;
    private final int key;
    private final int eTag;
    private final int size;
    private final int versionId;
    private final int isLatest;
    private final int isDeleteMarker;
    private long row;

    /**
     * @param file     the data file, as downloaded
     * @param name     what to call it in errors, e.g. its {@code s3://} URL
     * @param manifest the report's manifest, for its columns
     */
    InventoryRows(Path file, String name, InventoryManifest manifest) throws IOException {
        this.in = new BufferedReader(
                new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8));
        this.name = name;
        this.columns = manifest.columns().size();
        this.key = manifest.column("Key");
        this.eTag = manifest.column("ETag");
        this.size = manifest.column("Size");
        this.versionId = manifest.column("VersionId");
        this.isLatest = manifest.column("IsLatest");
        this.isDeleteMarker = manifest.column("IsDeleteMarker");
    }

    /**
     * The next current object, or null at the end of the file.
     *
     * @throws ReconcileException when a row does not have the manifest's columns or its key cannot be decoded
     */
    ListedObject next() throws IOException {
        List<String> fields;
        while ((fields = record()) != null) {
            row++;
            if (fields.size() == 1 && fields.get(0).isEmpty()) {
                continue; // a blank line
            }
            if (fields.size() != columns) {
                throw new ReconcileException(
                        "row " + row + " of the inventory data file " + name + " has " + fields.size()
                                + " fields, the manifest names " + columns + " columns",
                        null);
            }
            if ((isLatest >= 0 && !isTrue(fields.get(isLatest)))
                    || (isDeleteMarker >= 0 && isTrue(fields.get(isDeleteMarker)))) {
                continue;
            }
            return new ListedObject(
                    decodedKey(fields.get(key)),
                    ETags.unquoted(orNull(fields.get(eTag))),
                    size < 0 || fields.get(size).isEmpty() ? -1 : size(fields.get(size)),
                    versionId < 0 ? null : orNull(fields.get(versionId)));
        }
        return null;
    }

    private long size(String field) {
        try {
            return Long.parseLong(field);
        } catch (NumberFormatException e) {
            throw new ReconcileException(
                    "row " + row + " of the inventory data file " + name + " has a Size that is not a number: " + field,
                    e);
        }
    }

    private String decodedKey(String field) {
        try {
            return URLDecoder.decode(field, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ReconcileException(
                    "row " + row + " of the inventory data file " + name + " has a key that is not URL-encoded: "
                            + field,
                    e);
        }
    }

    private static boolean isTrue(String field) {
        return "true".equalsIgnoreCase(field);
    }

    private static String orNull(String field) {
        return field.isEmpty() ? null : field;
    }

    /**
     * The fields of the next CSV record (RFC 4180: a field in double quotes may hold commas, line breaks
     * and doubled quotes), or null at the end of the input.
     */
    private List<String> record() throws IOException {
        int c = in.read();
        if (c < 0) {
            return null;
        }
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        while (true) {
            if (quoted) {
                if (c < 0) {
                    throw new ReconcileException(
                            "the inventory data file " + name + " ends inside a quoted field (row " + (row + 1) + ")",
                            null);
                }
                if (c == '"') {
                    c = in.read();
                    if (c == '"') {
                        field.append('"');
                        c = in.read();
                    } else {
                        quoted = false;
                    }
                    continue;
                }
                field.append((char) c);
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c < 0) {
                fields.add(field.toString());
                return fields;
            } else if (c != '\r') {
                field.append((char) c);
            }
            c = in.read();
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
