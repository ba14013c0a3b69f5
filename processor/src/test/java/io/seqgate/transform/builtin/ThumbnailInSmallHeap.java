package io.seqgate.transform.builtin;

import io.seqgate.config.SinkLimits;
import io.seqgate.transform.TransformOutput;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run in a JVM of its own with a small heap by {@link ThumbnailMemoryTest}: makes the thumbnail of the
 * JPEG named first and writes it to the file named second. An {@link OutOfMemoryError} ends it with a
 * non-zero exit code.
 */
public final class ThumbnailInSmallHeap {

    private ThumbnailInSmallHeap() {}

    public static void main(String[] args) throws Exception {
        byte[] photo = Files.readAllBytes(Path.of(args[0]));
        TransformOutput thumbnail = new Thumbnail(Thumbnail.DEFAULT_SIZE, SinkLimits.DEFAULT_MAX_PIXELS)
                .apply(TestInputs.of(photo, "image/jpeg"));
        Files.write(Path.of(args[1]), thumbnail.bytes());
    }
}
