package io.seqgate.bench;

import com.sun.net.httpserver.HttpServer;
import io.seqgate.config.SinkLimits;
import io.seqgate.devstack.pictures.Pictures;
import io.seqgate.transform.Transform;
import io.seqgate.transform.TransformInput;
import io.seqgate.transform.builtin.CopyTransform;
import io.seqgate.transform.builtin.HttpTransform;
import io.seqgate.transform.builtin.InvertColours;
import io.seqgate.transform.builtin.Thumbnail;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.imageio.ImageIO;

/**
 * Section 5: each built-in transform against the plain library code a careful caller would write for
 * the same job, on the same inputs, in this JVM: invert ÷ ImageIO decoding and re-encoding, thumbnail ÷
 * ImageIO decoding in full and scaling in one bilinear step, copy ÷ copying the array, and http ÷ the
 * JDK's HTTP client POSTing the same body to the same local echo server (and the difference per call).
 * Rounds alternate the two contenders, each timed for a fixed time after a warm-up, so the JIT and the
 * machine's load treat them alike.
 */
final class TransformThroughput implements Section {

    static final double TARGET = 0.9;
    private static final Duration BASE_ROUND = Duration.ofSeconds(2);

    /** An input to time. A class rather than a record, whose equals would compare the array by identity. */
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

        TransformInput input() {
            return new TransformInput("bench", name, null, null, contentType, null, bytes);
        }
    }

    /** Medians of one contender pair's alternating rounds: calls per second of each, and their ratio. */
    private record Compared(double plain, double transform, double ratio) {}

    @Override
    public String name() {
        return "transform";
    }

    @Override
    public String title() {
        return "5. Transform throughput ÷ plain libraries";
    }

    @Override
    public void run(BenchContext context) throws Exception {
        Duration round = context.options().scaled(BASE_ROUND, Duration.ofMillis(100));
        int rounds = context.options().rounds();
        BufferedImage photo = Pictures.photo(1024, 768, 7);
        List<Image> images = List.of(
                new Image(
                        "256 px PNG drawing (the latency sections' upload)",
                        BenchImages.drawing(256, new Color(70, 140, 225), "PNG"),
                        "png",
                        BenchImages.PNG),
                new Image("1024×768 PNG photo", Pictures.encode(photo, "png"), "png", BenchImages.PNG),
                new Image("1024×768 JPEG photo", Pictures.encode(photo, "jpg"), "jpg", BenchImages.JPEG));
        int big = (int) Math.max(1024, 4000 * Math.min(1, context.options().scale() * 10));
        Image camera = new Image(
                big + "×" + big * 3 / 4 + " JPEG photo",
                Pictures.encode(Pictures.photo(big, big * 3 / 4, 11), "jpg"),
                "jpg",
                BenchImages.JPEG);
        boolean cache = ImageIO.getUseCache();
        // Plain ImageIO without its temp-file cache: the baseline a careful caller would write, and
        // the transforms use memory streams anyway.
        ImageIO.setUseCache(false);
        Report report = context.report();
        report.heading(title());
        try {
            double worstInvert = invert(context, images, round, rounds);
            List<Image> thumbnailed = new ArrayList<>(images);
            thumbnailed.add(camera);
            double worstThumbnail = thumbnail(context, thumbnailed, round, rounds);
            copy(context, images.get(2), round, rounds);
            http(context, images, round, rounds);
            report.target(Target.atLeast(
                    "invert ÷ plain ImageIO (worst image)", "≥ 0.9", worstInvert, TARGET, Report.ratio(worstInvert)));
            report.target(Target.atLeast(
                    "thumbnail ÷ plain ImageIO scale (worst image)",
                    "≥ 0.9",
                    worstThumbnail,
                    TARGET,
                    Report.ratio(worstThumbnail)));
        } finally {
            ImageIO.setUseCache(cache);
        }
    }

    private double invert(BenchContext context, List<Image> images, Duration round, int rounds) {
        Transform invert = new InvertColours(SinkLimits.DEFAULT_MAX_PIXELS);
        List<List<String>> rows = new ArrayList<>();
        double worst = Double.MAX_VALUE;
        for (Image image : images) {
            context.progress(
                    "invert, %s: %d bytes, %d rounds of %s each",
                    image.name, image.bytes.length, rounds, Report.duration(round));
            Compared c = compare(() -> plainRoundTrip(image), () -> apply(invert, image), round, rounds);
            worst = Math.min(worst, c.ratio());
            rows.add(row(image, c));
            context.progress("  plain %.0f/s, invert %.0f/s, ratio %.2f", c.plain(), c.transform(), c.ratio());
        }
        Report report = context.report();
        report.paragraph(
                "**invert.** One thread. Plain = `ImageIO.read` + `ImageIO.write` in the same format (ImageIO's disk"
                        + " cache off; JPEG at the transform's quality %.2f, so that the ratio is the transform's own"
                        + " overhead and not the price of a quality above ImageIO's default 0.75); transform = the"
                        + " built-in `InvertColours` (format sniffed from the bytes, pixel limit checked from the"
                        + " header, colours inverted in the decoded raster, written in the same format, JPEG with its"
                        + " metadata kept). Images per second, median of %d alternating rounds of %s after a warm-up"
                        + " of each.",
                InvertColours.JPEG_QUALITY, rounds, Report.duration(round));
        report.table(
                List.of("image", "bytes", "plain ImageIO (images/s)", "invert (images/s)", "invert ÷ plain"), rows);
        return worst;
    }

    private double thumbnail(BenchContext context, List<Image> images, Duration round, int rounds) {
        Transform thumbnail = new Thumbnail(Thumbnail.DEFAULT_SIZE, SinkLimits.DEFAULT_MAX_PIXELS);
        List<List<String>> rows = new ArrayList<>();
        double worst = Double.MAX_VALUE;
        for (Image image : images) {
            context.progress("thumbnail, %s: %d bytes", image.name, image.bytes.length);
            Compared c = compare(() -> plainScale(image), () -> apply(thumbnail, image), round, rounds);
            worst = Math.min(worst, c.ratio());
            rows.add(row(image, c));
            context.progress("  plain %.0f/s, thumbnail %.0f/s, ratio %.2f", c.plain(), c.transform(), c.ratio());
        }
        context.report()
                .paragraph(
                        "**thumbnail** (longest side %d px). Plain = `ImageIO.read` of the whole image, one bilinear"
                                + " `drawImage` to the thumbnail's size, `ImageIO.write` in the same format (JPEG at"
                                + " %.2f); transform = the built-in `Thumbnail` (decoded with subsampling chosen from"
                                + " the header, scaled in halving steps, EXIF orientation applied). The larger the"
                                + " photo, the more subsampling saves.",
                        Thumbnail.DEFAULT_SIZE, InvertColours.JPEG_QUALITY);
        context.report()
                .table(
                        List.of(
                                "image",
                                "bytes",
                                "plain ImageIO scale (images/s)",
                                "thumbnail (images/s)",
                                "thumbnail ÷ plain"),
                        rows);
        return worst;
    }

    private void copy(BenchContext context, Image image, Duration round, int rounds) {
        Transform copy = new CopyTransform();
        context.progress("copy, %s: %d bytes", image.name, image.bytes.length);
        Compared c = compare(
                () -> {
                    if (Arrays.copyOf(image.bytes, image.bytes.length).length != image.bytes.length) {
                        throw new IllegalStateException("copy lost bytes");
                    }
                },
                () -> apply(copy, image),
                round,
                rounds);
        context.report()
                .paragraph("**copy.** Plain = `Arrays.copyOf` of the input; transform = the built-in `CopyTransform`,"
                        + " which hands the input's array on without copying it.");
        context.report()
                .table(
                        List.of("object", "bytes", "plain copy (objects/s)", "copy (objects/s)", "copy ÷ plain"),
                        List.of(row(image, c)));
    }

    private void http(BenchContext context, List<Image> images, Duration round, int rounds) throws IOException {
        HttpServer echo = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ExecutorService handlers = Executors.newFixedThreadPool(4);
        echo.setExecutor(handlers);
        echo.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        echo.start();
        URI url = URI.create("http://127.0.0.1:" + echo.getAddress().getPort() + "/");
        HttpClient plainClient = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        List<List<String>> rows = new ArrayList<>();
        try (HttpTransform http = new HttpTransform(url, Duration.ofSeconds(30), 4, 64L * 1024 * 1024)) {
            List<Image> bodies = List.of(images.get(0), images.get(2), random(1024 * 1024));
            for (Image image : bodies) {
                context.progress("http, %s: %d bytes", image.name, image.bytes.length);
                Compared c = compare(() -> plainPost(plainClient, url, image), () -> apply(http, image), round, rounds);
                double overheadMicros = 1e6 / c.transform() - 1e6 / c.plain();
                List<String> row = new ArrayList<>(row(image, c));
                row.add(String.format(Locale.ROOT, "%.0f", overheadMicros));
                rows.add(row);
                context.progress(
                        "  plain %.0f/s, http %.0f/s, ratio %.2f, %.0f µs a call more",
                        c.plain(), c.transform(), c.ratio(), overheadMicros);
            }
        } finally {
            echo.stop(0);
            handlers.shutdownNow();
        }
        context.report()
                .paragraph("**http.** One thread, against an echo server in this JVM (the JDK's `HttpServer`, the"
                        + " answer is the request's body). Plain = the JDK's `HttpClient` POSTing the body and reading"
                        + " the answer; transform = the built-in `HttpTransform` (Jetty's client, the object's headers,"
                        + " the answer read within the size limit). The last column is what the transform adds to"
                        + " each call, in microseconds: the service's own time is the same on both sides.");
        context.report()
                .table(
                        List.of(
                                "body",
                                "bytes",
                                "plain client (calls/s)",
                                "http (calls/s)",
                                "http ÷ plain",
                                "µs a call more"),
                        rows);
    }

    private static Compared compare(Runnable plain, Runnable transform, Duration round, int rounds) {
        timed(plain, round);
        timed(transform, round);
        List<Double> plainRates = new ArrayList<>();
        List<Double> transformRates = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            double p = timed(plain, round);
            double t = timed(transform, round);
            plainRates.add(p);
            transformRates.add(t);
            ratios.add(t / p);
        }
        return new Compared(Report.median(plainRates), Report.median(transformRates), Report.median(ratios));
    }

    private static List<String> row(Image image, Compared c) {
        return List.of(
                image.name,
                String.valueOf(image.bytes.length),
                String.format(Locale.ROOT, "%.1f", c.plain()),
                String.format(Locale.ROOT, "%.1f", c.transform()),
                Report.ratio(c.ratio()));
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
        write(read(image), image);
    }

    /** Decode in full, one bilinear step to the thumbnail's size, encode. */
    private static void plainScale(Image image) {
        BufferedImage decoded = read(image);
        int longest = Math.max(decoded.getWidth(), decoded.getHeight());
        double factor = Math.min(1, (double) Thumbnail.DEFAULT_SIZE / longest);
        int width = Math.max(1, (int) Math.round(decoded.getWidth() * factor));
        int height = Math.max(1, (int) Math.round(decoded.getHeight() * factor));
        BufferedImage small = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = small.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(decoded, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        write(small, image);
    }

    private static BufferedImage read(Image image) {
        try {
            return ImageIO.read(new ByteArrayInputStream(image.bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(BufferedImage decoded, Image image) {
        BenchImages.encodeAsTheTransform(decoded, image.format, image.bytes.length);
    }

    private static void plainPost(HttpClient client, URI url, Image image) {
        try {
            HttpResponse<byte[]> answer = client.send(
                    HttpRequest.newBuilder(url)
                            .header("Content-Type", image.contentType)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(image.bytes))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("the echo server answered " + answer.statusCode());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void apply(Transform transform, Image image) {
        try {
            transform.apply(image.input());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (Exception e) {
            throw new IllegalStateException("the transform refused the bench's own " + image.name, e);
        }
    }

    private static Image random(int size) {
        byte[] bytes = new byte[size];
        new Random(5).nextBytes(bytes);
        return new Image("1 MiB of random bytes", bytes, "bin", "application/octet-stream");
    }
}
