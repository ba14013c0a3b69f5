package io.seqgate.bench;

import io.seqgate.sink.InvertColours;
import io.seqgate.sink.Transform;
import io.seqgate.sink.UnsupportedObjectException;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Section 5: the production transform (decode, invert, encode in the same format) against plain
 * ImageIO decoding and re-encoding the same bytes, in this JVM. Rounds alternate the two, each
 * timed for a fixed time after a warm-up, so the JIT and the machine's load treat them alike.
 */
final class TransformThroughput implements Section {

    static final double TARGET = 0.9;
    private static final Duration BASE_ROUND = Duration.ofSeconds(2);

    /** An image to time. A class rather than a record, whose equals would compare the array by identity. */
    private static final class Image {
        private final String name;
        private final byte[] bytes;
        private final String format;
        private final String contentType;

        Image(String name, byte[] bytes, String format, String contentType) {
            this.name = name;
            this.bytes = bytes;
            this.format = format;
            this.contentType = contentType;
        }
    }

    @Override
    public String name() {
        return "transform";
    }

    @Override
    public String title() {
        return "5. Transform throughput ÷ plain ImageIO";
    }

    @Override
    public void run(BenchContext context) throws Exception {
        Duration round = context.options().scaled(BASE_ROUND, Duration.ofMillis(100));
        int rounds = context.options().rounds();
        BufferedImage photo = BenchImages.photo(1024, 768, 7);
        List<Image> images = List.of(
                new Image(
                        "256 px PNG drawing (the latency sections' upload)",
                        BenchImages.drawing(256, new Color(70, 140, 225), "PNG"),
                        "png",
                        BenchImages.PNG),
                new Image("1024×768 PNG photo", BenchImages.encode(photo, "png"), "png", BenchImages.PNG),
                new Image("1024×768 JPEG photo", BenchImages.encode(photo, "jpg"), "jpg", BenchImages.JPEG));
        Transform transform = new InvertColours(InvertColours.DEFAULT_MAX_PIXELS);
        boolean cache = ImageIO.getUseCache();
        // Plain ImageIO without its temp-file cache: the baseline a careful caller would write, and
        // the production transform uses memory streams anyway.
        ImageIO.setUseCache(false);
        List<List<String>> rows = new ArrayList<>();
        double worst = Double.MAX_VALUE;
        try {
            for (Image image : images) {
                context.progress(
                        "%s: %d bytes, %d rounds of %s each",
                        image.name, image.bytes.length, rounds, Report.duration(round));
                Runnable plain = () -> plainRoundTrip(image);
                Runnable production = () -> transform(transform, image);
                timed(plain, round);
                timed(production, round);
                List<Double> plainRates = new ArrayList<>();
                List<Double> transformRates = new ArrayList<>();
                List<Double> ratios = new ArrayList<>();
                for (int r = 0; r < rounds; r++) {
                    double p = timed(plain, round);
                    double t = timed(production, round);
                    plainRates.add(p);
                    transformRates.add(t);
                    ratios.add(t / p);
                }
                double ratio = Report.median(ratios);
                worst = Math.min(worst, ratio);
                rows.add(List.of(
                        image.name,
                        String.valueOf(image.bytes.length),
                        String.format(Locale.ROOT, "%.1f", Report.median(plainRates)),
                        String.format(Locale.ROOT, "%.1f", Report.median(transformRates)),
                        Report.ratio(ratio)));
                context.progress(
                        "  plain %.0f/s, transform %.0f/s, ratio %.2f",
                        Report.median(plainRates), Report.median(transformRates), ratio);
            }
        } finally {
            ImageIO.setUseCache(cache);
        }
        Report report = context.report();
        report.heading(title());
        report.paragraph(String.format(
                Locale.ROOT,
                "One thread. Plain = `ImageIO.read` + `ImageIO.write` in the same "
                        + "format (ImageIO's disk cache off; JPEG at the transform's quality %.2f, so that the ratio is the "
                        + "transform's own overhead and not the price of a quality above ImageIO's default 0.75); transform = "
                        + "the production `InvertColours` (format sniffed from the bytes, pixel limit checked from the header, "
                        + "colours inverted in the decoded raster, written in the same format, JPEG with its metadata kept). "
                        + "Images per second, median of %d alternating rounds of %s after a warm-up of each.",
                InvertColours.JPEG_QUALITY,
                rounds,
                Report.duration(round)));
        report.table(
                List.of("image", "bytes", "plain ImageIO (images/s)", "transform (images/s)", "transform ÷ plain"),
                rows);
        report.target(
                Target.atLeast("transform ÷ plain ImageIO (worst image)", "≥ 0.9", worst, TARGET, Report.ratio(worst)));
    }

    /** Runs {@code work} repeatedly for {@code time}; returns how many times per second it ran. */
    private static double timed(Runnable work, Duration time) {
        long start = System.nanoTime();
        long end = start + time.toNanos();
        long count = 0;
        long now;
        do {
            work.run();
            count++;
            now = System.nanoTime();
        } while (now < end);
        return count * 1e9 / (now - start);
    }

    /**
     * Decode and encode with ImageIO alone. A JPEG is written at the transform's quality, as any caller
     * would choose it: the target is the transform's overhead over ImageIO, not the price of a higher
     * quality (at ImageIO's default 0.75 the encoder has fewer coefficients to code).
     */
    private static void plainRoundTrip(Image image) {
        try {
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(image.bytes));
            ByteArrayOutputStream out = new ByteArrayOutputStream(image.bytes.length);
            if (!image.format.equals("jpg")) {
                ImageIO.write(decoded, image.format, out);
                return;
            }
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
                writer.setOutput(stream);
                ImageWriteParam param = writer.getDefaultWriteParam();
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(InvertColours.JPEG_QUALITY);
                writer.write(null, new IIOImage(decoded, null, null), param);
            } finally {
                writer.dispose();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void transform(Transform transform, Image image) {
        try {
            transform.apply(image.bytes, image.contentType);
        } catch (UnsupportedObjectException e) {
            throw new IllegalStateException("the transform refused the bench's own " + image.name, e);
        }
    }
}
