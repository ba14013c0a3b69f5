package io.seqgate.devstack.probe;

import io.seqgate.cli.Console;
import io.seqgate.cli.HelpOption;
import io.seqgate.cli.OptionTypes;
import io.seqgate.config.SeqgateConfig;
import io.seqgate.config.Settings;
import io.seqgate.devstack.pictures.Pictures;
import io.seqgate.devstack.stack.DevStack;
import io.seqgate.query.UrlPaths;
import io.seqgate.runtime.ProcessorRunner;
import java.io.IOException;
import java.io.PrintStream;
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
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code ./seqgate probe}: runs {@link HttpProbe} against instances given by URL, or, without any,
 * against two instances (with a bearer token) it starts on an embedded stack after uploading a few
 * images for them to hold state about. Prints a Markdown table and the machine's load average.
 */
@Command(name = "probe", resourceBundle = "io.seqgate.devstack.cli.usage.probe")
public final class ProbeCommand implements Callable<Integer> {

    private final Console console;

    @Option(names = "--url", paramLabel = "URL")
    List<URI> urls = new ArrayList<>();

    @Option(names = "--token", paramLabel = "T")
    String token;

    @Option(names = "--objects", paramLabel = "N", defaultValue = "20", converter = OptionTypes.AtLeastOne.class)
    int objects;

    @Option(names = "--requests", paramLabel = "N", defaultValue = "200", converter = OptionTypes.AtLeastOne.class)
    int requests;

    @Option(names = "--stalled", paramLabel = "N", defaultValue = "8", converter = OptionTypes.AtLeastOne.class)
    int stalled;

    @Option(names = "--clients", paramLabel = "N", defaultValue = "50", converter = OptionTypes.AtLeastOne.class)
    int clients;

    @Option(names = "--per-client", paramLabel = "N", defaultValue = "8", converter = OptionTypes.AtLeastOne.class)
    int perClient;

    @Mixin
    HelpOption help;

    public ProbeCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        PrintStream out = console.out();
        try {
            List<HttpProbe.Result> results = urls.isEmpty() ? embedded() : probe(instances(), token(), objectPaths());
            out.println();
            out.print(HttpProbe.table(results));
            out.println();
            out.println("load average (1, 5, 15 min) at the end: " + loadAverage());
            return 0;
        } catch (IOException e) {
            console.err().println("probe: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /** The instances given, without a trailing slash. */
    List<URI> instances() {
        return urls.stream()
                .map(u -> URI.create(u.toString().replaceAll("/$", "")))
                .toList();
    }

    /** {@code --token}, else {@code SEQGATE_HTTP_TOKEN}. */
    String token() {
        return token != null ? token : Settings.HTTP_TOKEN.valueIn(console.env());
    }

    /** The quiet, stalled and concurrent scenarios, in that order. */
    private List<HttpProbe.Result> probe(List<URI> instances, String bearer, List<String> objectPaths)
            throws IOException, InterruptedException {
        HttpProbe probe = new HttpProbe(instances, bearer);
        List<HttpProbe.Result> results = new ArrayList<>();
        results.add(probe.baseline(objectPaths, requests));
        results.add(probe.stalled(stalled, objectPaths, requests));
        results.add(probe.concurrent(clients, perClient, objectPaths));
        return results;
    }

    private List<String> objectPaths() {
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < objects; i++) {
            paths.add("/objects/" + DevStack.INPUT_BUCKET + "/" + UrlPaths.encode(key(i), true));
        }
        return paths;
    }

    private static String key(int i) {
        return "probe/object " + i + ".png";
    }

    private List<HttpProbe.Result> embedded() throws IOException, InterruptedException {
        String secret = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        Path dataDir = Files.createTempDirectory("seqgate-probe");
        List<ProcessorRunner> runners = new ArrayList<>();
        try (DevStack stack = DevStack.builder().start();
                S3Client s3 = stack.newS3Client()) {
            List<URI> started = new ArrayList<>();
            for (int i = 1; i <= 2; i++) {
                Map<String, String> settings = new HashMap<>(stack.processorSettings());
                settings.put("SEQGATE_APPLICATION_ID", "seqgate-probe");
                settings.put("SEQGATE_INSTANCE_ID", "probe-" + i);
                settings.put("SEQGATE_STATE_DIR", dataDir.resolve("state-" + i).toString());
                settings.put("SEQGATE_HTTP_TOKEN", secret);
                ProcessorRunner runner = ProcessorRunner.forConfig(SeqgateConfig.fromEnv(settings));
                runners.add(runner);
                runner.start();
                started.add(URI.create("http://" + runner.applicationServer()));
            }
            console.out().println("probe: two instances at " + started + "; waiting until they share the partitions");
            waitFor(
                    Duration.ofSeconds(120),
                    () -> runners.stream().allMatch(r -> r.streams().state() == KafkaStreams.State.RUNNING)
                            && status(started.get(0), "/instances", secret).contains("\"active\":[")
                            && instancesRunning(started, secret));
            byte[] png = Pictures.flat(16, 16, 0xff8800);
            for (int i = 0; i < objects; i++) {
                int n = i;
                s3.putObject(
                        b -> b.bucket(stack.inputBucket()).key(key(n)).contentType("image/png"),
                        RequestBody.fromBytes(png));
            }
            List<String> paths = objectPaths();
            console.out().println("probe: uploaded " + objects + " images; waiting until seqgate holds their state");
            waitFor(
                    Duration.ofSeconds(120),
                    () -> paths.stream()
                            .allMatch(p -> status(started.get(0), p, secret).contains("\"DONE\"")));
            console.out().println("probe: measuring");
            return probe(started, secret, paths);
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
