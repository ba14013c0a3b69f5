package io.seqgate.devstack.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * Writes each {@link CapturedMessage}'s notification as one line, re-serialised compactly so that a
 * message is always exactly one line: the format {@code seqgate replay} reads, so a capture of a
 * {@code seqgate dev} session answers "what would seqgate decide for these?". Thread-safe; flushes
 * every line so a capture survives a crash of the dev stack.
 */
public final class JsonlCaptureWriter implements Consumer<CapturedMessage>, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final BufferedWriter writer;

    /** Creates or truncates {@code file}. */
    public JsonlCaptureWriter(Path file) {
        this.file = file;
        try {
            this.writer = Files.newBufferedWriter(
                    file,
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open capture file " + file, e);
        }
    }

    @Override
    public synchronized void accept(CapturedMessage message) {
        try {
            writer.write(JSON.readTree(message.value()).toString());
            writer.newLine();
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to capture file " + file, e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close capture file " + file, e);
        }
    }
}
