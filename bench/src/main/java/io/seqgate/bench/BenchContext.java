package io.seqgate.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a section works with.
 *
 * @param options  the command's options
 * @param report   where its tables go
 * @param out      progress lines for the person waiting
 * @param workDir  a scratch directory of this run, removed at the end
 */
record BenchContext(BenchOptions options, Report report, PrintStream out, Path workDir) {

    /** A fresh directory under the work directory, e.g. for one processor's state. */
    Path newDir(String prefix) {
        try {
            return Files.createTempDirectory(workDir, prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory in " + workDir, e);
        }
    }

    void progress(String format, Object... args) {
        out.printf(java.util.Locale.ROOT, "  " + format + "%n", args);
        out.flush();
    }
}
