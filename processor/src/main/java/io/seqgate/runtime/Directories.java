package io.seqgate.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The one recursive delete: state directories of replays, dev and demo runs, and the embedded broker. */
public final class Directories {

    private Directories() {}

    /**
     * Deletes {@code dir} and everything below it; nothing happens when it does not exist.
     *
     * @throws UncheckedIOException when something cannot be deleted; what was deleted stays deleted
     */
    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            // deepest first, so every directory is empty when its turn comes
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
