package io.seqgate.devstack.probe;

import io.seqgate.config.SeqgateConfig;
import io.seqgate.devstack.stack.DevStack;
import io.seqgate.query.UrlPaths;
import io.seqgate.runtime.ProcessorRunner;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import javax.imageio.ImageIO;
import org.apache.kafka.streams.KafkaStreams;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code ./seqgate probe}: runs {@link HttpProbe} against instances given by URL, or, without any,
 * against two instances (with a bearer token) it starts on an embedded stack after uploading a few
 * images for them to hold state about. Prints a Markdown table and the machine's load average.
 */
public final class ProbeCommand {

    static final String HELP = """
            usage: seqgate probe [options]
              --url URL          an instance to probe (repeat for each; default: start 2 on an embedded stack)
              --token T          bearer token of those instances (default: SEQGATE_HTTP_TOKEN)
              --objects N        objects to upload and query (embedded stack; default 20)
              --requests N       sequential object queries (and as many health checks) per quiet/stalled run (default 200)
              --stalled N        sockets that stall mid-request on the first instance (default 8)
              --clients N        concurrent clients (default 50)
              --per-client N     object queries each concurrent client sends (default 8)
            """;

    private ProbeCommand() {}

    /** Options; every count is at least 1. */
    record Options(List<URI> urls, String token, int objects, int requests, int stalled, int clients, int perClient) {

        static Options parse(String[] args, Map<String, String> env) {
            List<URI> urls = new ArrayList<>();
            String token = env.get("SEQGATE_HTTP_TOKEN");
            int objects = 20;
            int requests = 200;
            int stalled = 8;
            int clients = 50;
            int perClient = 8;
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (name.equals("--help") || name.equals("-h")) {
                    return null;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                String value = args[++i];
                switch (name) {
                    case "--url" -> urls.add(URI.create(value.replaceAll("/$", "")));
                    case "--token" -> token = value;
                    case "--objects" -> objects = count(name, value);
                    case "--requests" -> requests = count(name, value);
                    case "--stalled" -> stalled = count(name, value);
                    case "--clients" -> clients = count(name, value);
                    case "--per-client" -> perClient = count(name, value);
                    default -> throw new IllegalArgumentException("unknown option " + name);
                }
            }
            return new Options(urls, token, objects, requests, stalled, clients, perClient);
        }

        private static int count(String name, String value) {
            try {
                int n = Integer.parseInt(value);
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(name + " takes a whole number of at least 1, got '" + value + "'");
        }
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        Options o;
        try {
            o = Options.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.print(HELP);
            return 2;
        }
        if (o == null) {
            out.print(HELP);
            return 0;
        }
        try {
            List<HttpProbe.Result> results =
                    o.urls().isEmpty() ? embedded(o, out) : probe(o.urls(), o.token(), objectPaths(o), o);
            out.println();
            out.print(HttpProbe.table(results));
            out.println();
            out.println("load average (1, 5, 15 min) at the end: " + loadAverage());
            return 0;
        } catch (IOException e) {
            err.println("probe: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /** The quiet, stalled and concurrent scenarios, in that order. */
    public static List<HttpProbe.Result> probe(List<URI> urls, String token, List<String> objectPaths, Options o)
            throws IOException, InterruptedException {
        HttpProbe probe = new HttpProbe(urls, token);
        List<HttpProbe.Result> results = new ArrayList<>();
        results.add(probe.baseline(objectPaths, o.requests()));
        results.add(probe.stalled(o.stalled(), objectPaths, o.requests()));
        results.add(probe.concurrent(o.clients(), o.perClient(), objectPaths));
        return results;
    }

    private static List<String> objectPaths(Options o) {
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < o.objects(); i++) {
            paths.add("/objects/" + DevStack.INPUT_BUCKET + "/" + UrlPaths.encode(key(i), true));
        }
        return paths;
    }

    private static String key(int i) {
        return "probe/object " + i + ".png";
    }

    private static List<HttpProbe.Result> embedded(Options o, PrintStream out)
            throws IOException, InterruptedException {
        String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        Path dataDir = Files.createTempDirectory("seqgate-probe");
        List<ProcessorRunner> runners = new ArrayList<>();
        try (DevStack stack = DevStack.builder().start();
                S3Client s3 = stack.newS3Client()) {
            List<URI> urls = new ArrayList<>();
            for (int i = 1; i <= 2; i++) {
                Map<String, String> env = new HashMap<>(stack.processorSettings());
                env.put("SEQGATE_APPLICATION_ID", "seqgate-probe");
                env.put("SEQGATE_INSTANCE_ID", "probe-" + i);
                env.put("SEQGATE_STATE_DIR", dataDir.resolve("state-" + i).toString());
                env.put("SEQGATE_HTTP_TOKEN", token);
                ProcessorRunner runner = ProcessorRunner.forConfig(SeqgateConfig.fromEnv(env));
                runners.add(runner);
                runner.start();
                urls.add(URI.create("http://" + runner.applicationServer()));
            }
            out.println("probe: two instances at " + urls + "; waiting until they share the partitions");
            waitFor(
                    Duration.ofSeconds(120),
                    () -> runners.stream().allMatch(r -> r.streams().state() == KafkaStreams.State.RUNNING)
                            && status(urls.get(0), "/instances", token).contains("\"active\":[")
                            && instancesRunning(urls, token));
            byte[] png = png();
            for (int i = 0; i < o.objects(); i++) {
                int n = i;
                s3.putObject(
                        b -> b.bucket(stack.inputBucket()).key(key(n)).contentType("image/png"),
                        RequestBody.fromBytes(png));
            }
            List<String> paths = objectPaths(o);
            out.println("probe: uploaded " + o.objects() + " images; waiting until seqgate holds their state");
            waitFor(
                    Duration.ofSeconds(120),
                    () -> paths.stream()
                            .allMatch(p -> status(urls.get(0), p, token).contains("\"DONE\"")));
            out.println("probe: measuring");
            return probe(urls, token, paths, o);
        } finally {
            runners.forEach(r -> r.close(Duration.ofSeconds(20)));
        }
    }

    private static boolean instancesRunning(List<URI> urls, String token) {
        String body = status(urls.get(0), "/instances", token);
        return body.split("\"state\":\"RUNNING\"", -1).length - 1 == urls.size();
    }

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    /** The body of a GET, or "" when it failed. */
    private static String status(URI instance, String path, String token) {
        try {
            HttpRequest request = HttpRequest.newBuilder(instance.resolve(path))
                    .timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + token)
                    .GET()
                    .build();
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static void waitFor(Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the embedded instances did not get there within " + limit);
            }
            Thread.sleep(250);
        }
    }

    private static byte[] png() {
        BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        image.setRGB(3, 3, 0xff8800);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** From {@code /proc/loadavg} where there is one, else the JVM's one-minute figure. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+", -1);
            return fields[0] + ", " + fields[1] + ", " + fields[2];
        } catch (IOException | RuntimeException e) {
            return String.format(
                    "%.2f (1 min)", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }
}
