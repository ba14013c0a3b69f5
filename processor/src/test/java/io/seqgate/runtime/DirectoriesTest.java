package io.seqgate.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoriesTest {

    @TempDir
    Path temp;

    @Test
    void deletesADirectoryWithEverythingBelowIt() throws IOException {
        Path dir = temp.resolve("state");
        Files.createDirectories(dir.resolve("a/b"));
        Files.writeString(dir.resolve("a/b/file"), "x");
        Files.writeString(dir.resolve("top"), "y");

        Directories.deleteRecursively(dir);

        assertThat(dir).doesNotExist();
    }

    @Test
    void leavesNothingToDoWhenTheDirectoryIsAlreadyGone() {
        Path missing = temp.resolve("never-created");

        Directories.deleteRecursively(missing);

        assertThat(missing).doesNotExist();
        assertThat(temp).exists();
    }
}
