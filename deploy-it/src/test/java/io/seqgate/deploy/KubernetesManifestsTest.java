package io.seqgate.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.seqgate.config.SeqgateConfig;
import io.seqgate.runtime.ProcessorRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What docs/deploy.md ("Run on Kubernetes") relies on in deploy/kubernetes, read from the manifests as
 * kubectl would apply them: names that refer to each other, the HTTP port, probes, the state volume,
 * settings the processor really reads and accepts, and a grace period longer than seqgate's graceful stop.
 */
class KubernetesManifestsTest {

    private static final Path DIR = Path.of(System.getProperty("seqgate.root", ".."), "deploy", "kubernetes");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern REFERENCE = Pattern.compile("\\$\\(([A-Z_][A-Z0-9_]*)\\)");
    /** What the downward API gives the first pod. */
    private static final Map<String, String> DOWNWARD = Map.of("POD_NAME", "seqgate-0", "POD_NAMESPACE", "streams");

    private static final Map<String, JsonNode> byKindAndName = new LinkedHashMap<>();
    private static JsonNode statefulSet;
    private static JsonNode container;

    @BeforeAll
    static void readManifests() throws IOException {
        JsonNode kustomization = YAML.readTree(DIR.resolve("kustomization.yaml").toFile());
        for (JsonNode resource : kustomization.path("resources")) {
            try (YAMLParser parser = (YAMLParser) YAML.getFactory()
                    .createParser(DIR.resolve(resource.asText()).toFile())) {
                YAML.readValues(parser, JsonNode.class)
                        .forEachRemaining(document -> byKindAndName.put(
                                document.path("kind").asText() + "/"
                                        + document.path("metadata").path("name").asText(),
                                document));
            }
        }
        statefulSet = manifest("StatefulSet/seqgate");
        container = statefulSet
                .path("spec")
                .path("template")
                .path("spec")
                .path("containers")
                .get(0);
    }

    private static JsonNode manifest(String kindAndName) {
        assertThat(byKindAndName).as("manifests listed in kustomization.yaml").containsKey(kindAndName);
        return byKindAndName.get(kindAndName);
    }

    @Test
    void everyFileOfTheDirectoryIsListedInTheKustomization() throws IOException {
        List<String> listed = new ArrayList<>();
        YAML.readTree(DIR.resolve("kustomization.yaml").toFile())
                .path("resources")
                .forEach(r -> listed.add(r.asText()));
        try (Stream<Path> files = Files.list(DIR)) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(f -> !f.equals("kustomization.yaml")))
                    .containsExactlyInAnyOrderElementsOf(listed);
        }
    }

    @Test
    void statefulSetNamesTheHeadlessServiceThatGivesEachPodItsName() {
        JsonNode headless = manifest("Service/seqgate-headless");
        assertThat(statefulSet.path("spec").path("serviceName").asText()).isEqualTo("seqgate-headless");
        assertThat(headless.path("spec").path("clusterIP").asText()).isEqualTo("None");
        assertThat(headless.path("spec").path("publishNotReadyAddresses").asBoolean())
                .isTrue();
    }

    @Test
    void servicesAndTheDisruptionBudgetSelectThePods() {
        JsonNode podLabels =
                statefulSet.path("spec").path("template").path("metadata").path("labels");
        assertThat(statefulSet.path("spec").path("selector").path("matchLabels"))
                .isEqualTo(podLabels);
        assertThat(manifest("Service/seqgate-headless").path("spec").path("selector"))
                .isEqualTo(podLabels);
        assertThat(manifest("Service/seqgate").path("spec").path("selector")).isEqualTo(podLabels);
        assertThat(manifest("PodDisruptionBudget/seqgate")
                        .path("spec")
                        .path("selector")
                        .path("matchLabels"))
                .isEqualTo(podLabels);
        assertThat(manifest("PodDisruptionBudget/seqgate")
                        .path("spec")
                        .path("maxUnavailable")
                        .asInt())
                .isEqualTo(1);
    }

    @Test
    void theHttpPortIsTheOneSeqgateListensOnAndTheServicesTarget() {
        JsonNode port = container.path("ports").get(0);
        assertThat(port.path("name").asText()).isEqualTo("http");
        assertThat(port.path("containerPort").asInt()).isEqualTo(8080);
        assertThat(env().get("SEQGATE_HTTP_PORT")).isEqualTo("8080");
        for (String service : List.of("Service/seqgate-headless", "Service/seqgate")) {
            assertThat(manifest(service)
                            .path("spec")
                            .path("ports")
                            .get(0)
                            .path("targetPort")
                            .asText())
                    .isEqualTo("http");
        }
    }

    @Test
    void probesAskTheHealthEndpoints() {
        assertThat(probe("readinessProbe")).isEqualTo("/health/ready");
        assertThat(probe("livenessProbe")).isEqualTo("/health/live");
        assertThat(probe("startupProbe")).isEqualTo("/health/live");
    }

    private static String probe(String name) {
        JsonNode get = container.path(name).path("httpGet");
        assertThat(get.path("port").asText()).as(name).isEqualTo("http");
        return get.path("path").asText();
    }

    @Test
    void theStateVolumeIsMountedAtSeqgateStateDir() {
        JsonNode claim = statefulSet.path("spec").path("volumeClaimTemplates").get(0);
        JsonNode mount = container.path("volumeMounts").get(0);
        assertThat(mount.path("name").asText())
                .isEqualTo(claim.path("metadata").path("name").asText());
        assertThat(mount.path("mountPath").asText()).isEqualTo(env().get("SEQGATE_STATE_DIR"));
    }

    @Test
    void eachPodAdvertisesItsStableNameUnderTheHeadlessService() {
        assertThat(config().streams().applicationServer()).isEqualTo("seqgate-0.seqgate-headless.streams.svc:8080");
        assertThat(config().instanceId()).isEqualTo("seqgate-0");
    }

    @Test
    void standbyReplicasAreSetThroughTheEnvironment() {
        assertThat(config().streams().overrides()).containsEntry(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "1");
    }

    @Test
    void everySettingTheManifestsGiveIsOneSeqgateReadsOrAKafkaStreamsSetting() {
        Map<String, String> env = env();
        SeqgateConfig config = config();
        for (String name : env.keySet()) {
            if (name.startsWith(SeqgateConfig.STREAMS_PREFIX)) {
                String property = name.substring(SeqgateConfig.STREAMS_PREFIX.length())
                        .toLowerCase(Locale.ROOT)
                        .replace('_', '.');
                assertThat(StreamsConfig.configDef().names()).as(name).contains(property);
            } else if (name.startsWith("SEQGATE_")) {
                // A setting seqgate reads changes the configuration, or is refused, when its value changes.
                Map<String, String> changed = new LinkedHashMap<>(env);
                changed.put(name, "x-changed-value");
                boolean differs;
                try {
                    differs = !SeqgateConfig.fromEnv(changed).equals(config);
                } catch (RuntimeException refused) {
                    differs = true;
                }
                assertThat(differs).as("%s is read by seqgate", name).isTrue();
            }
        }
    }

    @Test
    void theSettingsAreValidTogether() {
        assertThatCode(KubernetesManifestsTest::config).doesNotThrowAnyException();
    }

    @Test
    void terminationGraceOutlastsSeqgatesLongestGracefulStop() {
        Duration grace = Duration.ofSeconds(statefulSet
                .path("spec")
                .path("template")
                .path("spec")
                .path("terminationGracePeriodSeconds")
                .asLong());
        Duration longest = ProcessorRunner.longestClose(config());
        assertThat(longest).isGreaterThan(ProcessorRunner.CLOSE_TIMEOUT);
        assertThat(grace).isGreaterThan(longest);
    }

    @Test
    void theHeapIsAShareOfTheContainersMemoryLimit() {
        assertThat(env().get("JAVA_OPTS")).contains("-XX:MaxRAMPercentage=");
        assertThat(container.path("resources").path("limits").path("memory").asText())
                .isNotEmpty();
        assertThat(container.path("resources").path("requests").path("memory").asText())
                .isEqualTo(container
                        .path("resources")
                        .path("limits")
                        .path("memory")
                        .asText());
    }

    /**
     * The container's environment as the kubelet builds it: the ConfigMap and the Secret (envFrom), then the
     * container's own variables, each {@code $(NAME)} replaced by a variable defined before it.
     */
    private static Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode from : container.path("envFrom")) {
            if (from.has("configMapRef")) {
                manifest("ConfigMap/" + from.path("configMapRef").path("name").asText())
                        .path("data")
                        .fields()
                        .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
            } else {
                manifest("Secret/" + from.path("secretRef").path("name").asText())
                        .path("stringData")
                        .fields()
                        .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
            }
        }
        for (JsonNode variable : container.path("env")) {
            String name = variable.path("name").asText();
            if (variable.has("valueFrom")) {
                String field = variable.path("valueFrom")
                        .path("fieldRef")
                        .path("fieldPath")
                        .asText();
                env.put(name, DOWNWARD.get(field.equals("metadata.name") ? "POD_NAME" : "POD_NAMESPACE"));
            } else {
                Matcher m = REFERENCE.matcher(variable.path("value").asText());
                StringBuilder value = new StringBuilder();
                while (m.find()) {
                    assertThat(env)
                            .as("%s refers to $(%s), defined before it", name, m.group(1))
                            .containsKey(m.group(1));
                    m.appendReplacement(value, Matcher.quoteReplacement(env.get(m.group(1))));
                }
                m.appendTail(value);
                env.put(name, value.toString());
            }
        }
        return env;
    }

    private static SeqgateConfig config() {
        return SeqgateConfig.fromEnv(env());
    }
}
