package io.seqgate.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The external merge sort under an inventory listing: order, merge levels, duplicates, the files it leaves. */
class SortedRunsTest {

    @TempDir
    Path work;

    private static List<ListedObject> drain(SortedRuns.Merge merge) throws IOException {
        List<ListedObject> all = new ArrayList<>();
        ListedObject o;
        while ((o = merge.next()) != null) {
            all.add(o);
        }
        return all;
    }

    @Test
    void mergesMoreRunsThanItOpensAtOnceIntoOneKeyOrder() throws IOException {
        Random random = new Random(7);
        String[] alphabet = {"a", "b", "/", " ", "+", "%", "ü", "\uE000", "\uD83D\uDE00"};
        TreeSet<String> expected = new TreeSet<>(KeyOrder.UTF8);
        Path dir = Files.createDirectory(work.resolve("runs"));
        try (SortedRuns runs = new SortedRuns(dir)) {
            for (int run = 0; run < SortedRuns.FAN_IN * 2 + 3; run++) {
                for (int n = 0; n < 20; n++) {
                    StringBuilder key = new StringBuilder();
                    for (int c = 0; c < 1 + random.nextInt(6); c++) {
                        key.append(alphabet[random.nextInt(alphabet.length)]);
                    }
                    runs.add(new ListedObject(key.toString(), "e", 1, null));
                    expected.add(key.toString());
                }
                runs.endRun();
            }

            List<String> keys =
                    drain(runs.merge()).stream().map(ListedObject::key).toList();

            assertThat(keys).containsExactlyElementsOf(expected);
        }
        assertThat(dir).doesNotExist();
    }

    @Test
    void ordersByUtf8BytesWhereJavaStringOrderDiffers() throws IOException {
        try (SortedRuns runs = new SortedRuns(Files.createDirectory(work.resolve("runs")))) {
            runs.add(new ListedObject("x\uD83D\uDE00", "e", 1, null)); // U+1F600: after U+E000 in UTF-8
            runs.add(new ListedObject("x\uE000", "e", 1, null));
            runs.endRun();

            assertThat(drain(runs.merge()).stream().map(ListedObject::key)).containsExactly("x\uE000", "x\uD83D\uDE00");
        }
    }

    @Test
    void yieldsAKeyListedInTwoRunsOnce() throws IOException {
        try (SortedRuns runs = new SortedRuns(Files.createDirectory(work.resolve("runs")))) {
            runs.add(new ListedObject("k", "e", 1, null));
            runs.endRun();
            runs.add(new ListedObject("k", "e", 1, null));
            runs.add(new ListedObject("l", "e", 1, null));
            runs.endRun();

            assertThat(drain(runs.merge()).stream().map(ListedObject::key)).containsExactly("k", "l");
        }
    }

    @Test
    void keepsEveryFieldOfAnObjectAndTheirAbsence() throws IOException {
        ListedObject versioned =
                new ListedObject("a ü\uD83D\uDE00", "9b2cf535f27731c974343645a3985328-2", 42, "3HL4kqtJ");
        ListedObject bare = new ListedObject("b", null, -1, null);
        try (SortedRuns runs = new SortedRuns(Files.createDirectory(work.resolve("runs")))) {
            runs.add(bare);
            runs.add(versioned);
            runs.endRun();

            assertThat(drain(runs.merge())).containsExactly(versioned, bare);
        }
    }
}
