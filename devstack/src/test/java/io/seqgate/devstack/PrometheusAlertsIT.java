package io.seqgate.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seqgate.devstack.pictures.Pictures;
import io.seqgate.devstack.stack.DevStack;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The shipped Prometheus rules (ops/prometheus/seqgate-rules.yml) and Grafana dashboard (ops/grafana/seqgate.json)
 * against a real Prometheus server scraping a processor on the embedded stack. The rules are loaded as shipped
 * except that every {@code for:} is 5 s and every range window 30 s, so that a test waits seconds, not minutes:
 * bad input makes the dead-letter alert go pending, then firing; a sink whose jobs never end makes the sink,
 * lag and stall alerts fire; and every query of the dashboard answers, with data where the metrics it reads
 * are on {@code /metrics}.
 */
@ExtendWith(DevStackExtension.class)
@EnabledIf(
        value = "prometheusInstalled",
        disabledReason = "no Prometheus binary on the PATH or at /usr/bin/prometheus "
                + "(Debian's prometheus package, which .ci/run installs)")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PrometheusAlertsIT {

    private static final Logger LOG = LoggerFactory.getLogger(PrometheusAlertsIT.class);

    private static final Path ROOT = Path.of(System.getProperty("seqgate.root", ".."));
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String APP = "prometheus-alerts-" + RUN;
    private static final Duration CATCH_UP = Duration.ofSeconds(240);
    private static final Pattern METRIC = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final AtomicReference<HeldTransform> held = new AtomicReference<>();
    private static DevStack stack;
    private static S3Client s3;
    private static RunningProcessor processor;
    private static PrometheusServer prometheus;

    static boolean prometheusInstalled() {
        return PrometheusServer.binary().isPresent();
    }

    @BeforeAll
    static void startProcessorAndPrometheus(
            DevStack devStack, S3Client client, @TempDir Path stateDir, @TempDir Path prometheusDir)
            throws IOException {
        stack = devStack;
        s3 = client;
        // Two places in the sink and two workers: two held jobs fill it, so the stream thread waits.
        processor = RunningProcessor.start(
                stack,
                APP,
                APP + "-1",
                stateDir,
                Map.of(
                        "SEQGATE_SINK_MODE", "async",
                        "SEQGATE_SINK_MAX_PENDING", "2",
                        "SEQGATE_SINK_CONCURRENCY", "2"),
                HeldTransform.into(held));
        String rules = PrometheusServer.quickRules(
                Files.readString(ROOT.resolve("ops/prometheus/seqgate-rules.yml")), "5s", "30s");
        prometheus = PrometheusServer.start(
                PrometheusServer.binary().orElseThrow(),
                prometheusDir,
                rules,
                List.of(processor.url().substring("http://".length())));
        // The shared input topic holds what earlier tests sent, dead letters among them: a new application
        // reads it all first. Each test starts once that is done and its alerts are over.
        await().atMost(CATCH_UP)
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> value("job:seqgate_input_lag_records:sum") == 0
                        && value("sum(seqgate_sink_jobs)") == 0
                        && alerts("SeqgateDeadLetters").isEmpty());
    }

    @AfterAll
    static void stop() {
        if (held.get() != null) {
            held.get().releaseAll();
        }
        if (prometheus != null) {
            prometheus.close();
        }
        if (processor != null) {
            processor.close();
        }
    }

    @Test
    @Order(1)
    void deadLetterAlertGoesPendingThenFiringOnUnparseableInput() {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(
                        stack.inputTopic(),
                        ("prometheus-alerts-" + RUN + "/" + i).getBytes(StandardCharsets.UTF_8),
                        "not a notification".getBytes(StandardCharsets.UTF_8)));
            }
        }
        Set<String> states = new LinkedHashSet<>();
        AtomicReference<JsonNode> firing = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    for (JsonNode alert : alerts("SeqgateDeadLetters")) {
                        if (alert.path("labels").path("kind").asText().equals("unparseable")) {
                            states.add(alert.path("state").asText());
                            if (alert.path("state").asText().equals("firing")) {
                                firing.set(alert);
                            }
                        }
                    }
                    return firing.get() != null;
                });
        assertThat(states).as("states the alert was seen in").containsExactly("pending", "firing");
        assertThat(firing.get().path("labels").path("severity").asText()).isEqualTo("warning");
        assertThat(firing.get().path("annotations").path("summary").asText())
                .matches("seqgate: \\d+ records dead-lettered \\(unparseable\\) in the last 10 minutes");
        assertThat(firing.get().path("annotations").path("runbook").asText()).contains("seqgate.error.reason");
    }

    @Test
    @Order(2)
    void sinkJobsThatNeverEndFireTheSinkLagAndStallAlerts() throws Exception {
        HeldTransform transform = held.get();
        byte[] first = Pictures.version(1001, 1);
        byte[] second = Pictures.version(1002, 1);
        transform.hold(first);
        transform.hold(second);
        upload("held-1.png", first);
        upload("held-2.png", second);
        await().atMost(Duration.ofSeconds(60)).until(() -> transform.started(first) && transform.started(second));

        // New objects keep arriving while the two jobs hold both places: the stream thread waits for a place.
        ScheduledExecutorService uploader = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger uploaded = new AtomicInteger();
        var unused = uploader.scheduleWithFixedDelay(
                () -> {
                    int n = uploaded.incrementAndGet();
                    upload("arriving-" + n + ".png", Pictures.version(2000 + n, 1));
                },
                0,
                500,
                TimeUnit.MILLISECONDS);
        Map<String, JsonNode> fired = new LinkedHashMap<>();
        try {
            await().atMost(Duration.ofSeconds(100))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        for (String name :
                                List.of("SeqgateSinkNearMaxPending", "SeqgateInputLagGrowing", "SeqgateStalled")) {
                            alerts(name).forEach(alert -> {
                                if (alert.path("state").asText().equals("firing")) {
                                    fired.putIfAbsent(name, alert);
                                }
                            });
                        }
                        return fired.size() == 3;
                    });
            logLagAsKafkaAndSeqgateShowIt();
        } finally {
            uploader.shutdownNow();
            transform.releaseAll();
        }
        assertThat(fired.get("SeqgateSinkNearMaxPending")
                        .path("annotations")
                        .path("summary")
                        .asText())
                .endsWith("sink holds 100% of SEQGATE_SINK_MAX_PENDING");
        assertThat(fired.get("SeqgateStalled").path("labels").path("severity").asText())
                .isEqualTo("critical");
        assertThat(fired.get("SeqgateInputLagGrowing")
                        .path("annotations")
                        .path("summary")
                        .asText())
                .matches("seqgate: input lag \\d+ records and growing");
        await().atMost(CATCH_UP)
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> value("job:seqgate_input_lag_records:sum") == 0 && value("sum(seqgate_sink_jobs)") == 0);
    }

    @Test
    @Order(3)
    void everyDashboardQueryAnswersAndHasDataWhereItsMetricsAreShown() throws IOException {
        JsonNode dashboard =
                JSON.readTree(ROOT.resolve("ops/grafana/seqgate.json").toFile());
        List<String> queries = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            panel.path("targets")
                    .forEach(target -> queries.add(target.path("expr").asText()));
        }
        assertThat(queries).hasSizeGreaterThan(20);
        // Kafka's own metrics reach /metrics when Micrometer's binder next looks for new ones (every minute).
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> {
                    String shown = scrapeProcessor();
                    List<String> withoutData = new ArrayList<>();
                    for (String query : queries) {
                        String promql = query.replace("$job", "seqgate")
                                .replace("$instance", ".+")
                                .replace("$__rate_interval", "5m");
                        JsonNode answer = prometheus.query(promql);
                        assertThat(answer.path("status").asText())
                                .as("%s: %s", promql, answer.path("error").asText())
                                .isEqualTo("success");
                        if (metricsOf(promql).stream().allMatch(name -> shows(shown, name))
                                && answer.path("data").path("result").isEmpty()) {
                            withoutData.add(promql);
                        }
                    }
                    assertThat(withoutData)
                            .as("queries whose metrics are on /metrics but answer no data")
                            .isEmpty();
                });
        List<String> notShown = queries.stream()
                .filter(q -> !metricsOf(q).stream().allMatch(name -> shows(scrapeProcessor(), name)))
                .toList();
        LOG.info("Dashboard queries of metrics this processor does not show (answered, without data): {}", notShown);
    }

    private static Set<String> metricsOf(String promql) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = METRIC.matcher(promql);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** Whether a scrape shows a series of {@code name}, which for a histogram may be its buckets, sum or count. */
    private static boolean shows(String scrape, String name) {
        return scrape.lines().anyMatch(line -> line.startsWith(name + "{") || line.startsWith(name + " "));
    }

    /**
     * Kafka's consumer updates its records-lag only when it fetches, and a stream thread that waits for a sink
     * place fetches nothing: what both figures say while the sink is full.
     */
    private static void logLagAsKafkaAndSeqgateShowIt() {
        String scrape = scrapeProcessor();
        double kafka = scrape.lines()
                .filter(l -> l.startsWith("kafka_consumer_fetch_manager_records_lag{")
                        && l.contains("StreamThread")
                        && l.contains("topic=\"" + stack.inputTopic() + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
        double seqgate = scrape.lines()
                .filter(l -> l.startsWith("seqgate_input_lag_records{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
        LOG.info(
                "Input lag while the sink is full: Kafka's records-lag {}, seqgate_input_lag_records {}",
                kafka,
                seqgate);
    }

    private static void upload(String name, byte[] png) {
        s3.putObject(
                b -> b.bucket(stack.inputBucket())
                        .key("prometheus-alerts-" + RUN + "/" + name)
                        .contentType("image/png"),
                RequestBody.fromBytes(png));
    }

    private static List<JsonNode> alerts(String name) {
        return StreamSupport.stream(prometheus.alerts().spliterator(), false)
                .filter(alert -> alert.path("labels").path("alertname").asText().equals(name))
                .toList();
    }

    /** The single value {@code promql} answers, or -1 when it answers none. */
    private static double value(String promql) {
        JsonNode result = prometheus.query(promql).path("data").path("result");
        return result.isEmpty() ? -1 : result.get(0).path("value").get(1).asDouble();
    }

    private static String scrapeProcessor() {
        try {
            return HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(processor.url() + "/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
