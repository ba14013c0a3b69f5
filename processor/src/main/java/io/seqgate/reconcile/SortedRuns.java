package io.seqgate.reconcile;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.stream.Stream;

/**
 * An external merge sort of listed objects into {@link KeyOrder}: the objects of one run are held in
 * memory, sorted and written to a file of their own in a directory this class owns; the runs are then
 * merged, {@link #FAN_IN} at a time, until one merge of the rest yields every object in order.
 *
 * <p>An object is held as one byte array, key first in UTF-8, and sorted by its key's bytes unsigned: that
 * is S3's "UTF-8 binary order" exactly. (Not {@code DataOutput.writeUTF}: its modified UTF-8 writes a
 * character above U+FFFF as two surrogates, which sort below U+E000–U+FFFF.) In memory a row costs about
 * 80 bytes (the array's header, the lengths and size, a 32-character eTag, its slot in the list and in
 * the sort's scratch space) plus the key's UTF-8 length, plus the version id's (32 in S3) where there is
 * one; on disk about 56 bytes plus the same.
 */
final class SortedRuns implements AutoCloseable {

    /** Runs merged at once: each open run holds a {@link #BUFFER} and a file descriptor. */
    static final int FAN_IN = 64;

    private static final int BUFFER = 64 * 1024;
    private static final Comparator<byte[]> ORDER = SortedRuns::compare;

    private final Path dir;
    private final List<byte[]> current = new ArrayList<>();
    private List<Path> runs = new ArrayList<>();
    private int named;
    private Merge merge;

    /** @param dir an empty directory for the runs; {@link #close} deletes it with them */
    SortedRuns(Path dir) {
        this.dir = dir;
    }

    /** Adds an object to the run being gathered. */
    void add(ListedObject object) {
        current.add(encode(object));
    }

    /** Sorts the objects gathered since the last run and writes them as a run of their own. */
    void endRun() throws IOException {
        if (current.isEmpty()) {
            return;
        }
        current.sort(ORDER);
        Path run = nextRun();
        try (DataOutputStream out = writer(run)) {
            for (byte[] row : current) {
                write(out, row);
            }
        }
        current.clear();
        runs.add(run);
    }

    /**
     * Merges the runs, {@link #FAN_IN} at a time, until one merge yields every object in key order; a
     * key is yielded once even when several rows list it.
     */
    Merge merge() throws IOException {
        while (runs.size() > FAN_IN) {
            List<Path> merged = new ArrayList<>();
            for (int from = 0; from < runs.size(); from += FAN_IN) {
                List<Path> group = runs.subList(from, Math.min(from + FAN_IN, runs.size()));
                if (group.size() == 1) {
                    merged.add(group.get(0));
                    continue;
                }
                Path run = nextRun();
                try (Merge m = new Merge(group);
                        DataOutputStream out = writer(run)) {
                    byte[] row;
                    while ((row = m.nextRow()) != null) {
                        write(out, row);
                    }
                }
                for (Path p : group) {
                    Files.delete(p);
                }
                merged.add(run);
            }
            runs = merged;
        }
        merge = new Merge(runs);
        return merge;
    }

    /** Closes the merge and deletes the runs and their directory. */
    @Override
    public void close() throws IOException {
        try {
            if (merge != null) {
                merge.close();
            }
        } finally {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(dir);
        }
    }

    /** The objects of several runs in key order. */
    final class Merge implements AutoCloseable {

        private final List<Run> open = new ArrayList<>();
        private final PriorityQueue<Run> heads = new PriorityQueue<>((a, b) -> compare(a.head, b.head));
        private byte[] last;

        private Merge(List<Path> files) throws IOException {
            try {
                for (Path file : files) {
                    Run run = new Run(file);
                    open.add(run);
                    if (run.advance()) {
                        heads.add(run);
                    }
                }
            } catch (IOException | RuntimeException e) {
                close();
                throw e;
            }
        }

        /** The next object in key order, or null after the last. */
        ListedObject next() throws IOException {
            byte[] row = nextRow();
            return row == null ? null : decode(row);
        }

        private byte[] nextRow() throws IOException {
            while (!heads.isEmpty()) {
                Run run = heads.poll();
                byte[] row = run.head;
                if (run.advance()) {
                    heads.add(run);
                }
                // The join takes each key once; a second row of the same key is left out.
                if (last == null || compare(row, last) != 0) {
                    last = row;
                    return row;
                }
            }
            return null;
        }

        @Override
        public void close() throws IOException {
            IOException failure = null;
            for (Run run : open) {
                try {
                    run.in.close();
                } catch (IOException e) {
                    failure = e;
                }
            }
            open.clear();
            if (failure != null) {
                throw failure;
            }
        }
    }

    /** One run being read: its next row in {@link #head}. */
    private static final class Run {
        private final DataInputStream in;
        private byte[] head;

        Run(Path file) throws IOException {
            this.in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), BUFFER));
        }

        boolean advance() throws IOException {
            int first = in.read();
            if (first < 0) {
                head = null;
                return false;
            }
            int length = (first << 24) | (in.readUnsignedByte() << 16) | (in.readUnsignedShort());
            head = new byte[length];
            in.readFully(head);
            return true;
        }
    }

    private Path nextRun() {
        return dir.resolve("run-" + named++);
    }

    private static DataOutputStream writer(Path run) throws IOException {
        return new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(run), BUFFER));
    }

    private static void write(DataOutputStream out, byte[] row) throws IOException {
        out.writeInt(row.length);
        out.write(row);
    }

    /** Key length, key, size, eTag length, eTag, version id length, version id; -1 for a length of null. */
    static byte[] encode(ListedObject o) {
        byte[] key = o.key().getBytes(StandardCharsets.UTF_8);
        byte[] eTag = bytes(o.eTag());
        byte[] versionId = bytes(o.versionId());
        ByteBuffer row = ByteBuffer.allocate(4 + key.length + 8 + 4 + length(eTag) + 4 + length(versionId));
        row.putInt(key.length).put(key).putLong(o.size());
        put(row, eTag);
        put(row, versionId);
        return row.array();
    }

    static ListedObject decode(byte[] bytes) {
        ByteBuffer row = ByteBuffer.wrap(bytes);
        byte[] key = new byte[row.getInt()];
        row.get(key);
        long size = row.getLong();
        return new ListedObject(new String(key, StandardCharsets.UTF_8), string(row), size, string(row));
    }

    /** Orders rows by their keys' UTF-8 bytes, unsigned. */
    static int compare(byte[] a, byte[] b) {
        int la = ByteBuffer.wrap(a).getInt(0);
        int lb = ByteBuffer.wrap(b).getInt(0);
        return Arrays.compareUnsigned(a, 4, 4 + la, b, 4, 4 + lb);
    }

    private static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static int length(byte[] b) {
        return b == null ? 0 : b.length;
    }

    private static void put(ByteBuffer row, byte[] b) {
        if (b == null) {
            row.putInt(-1);
        } else {
            row.putInt(b.length).put(b);
        }
    }

    private static String string(ByteBuffer row) {
        int length = row.getInt();
        if (length < 0) {
            return null;
        }
        byte[] b = new byte[length];
        row.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
