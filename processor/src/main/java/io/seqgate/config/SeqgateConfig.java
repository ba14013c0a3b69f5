package io.seqgate.config;

import io.seqgate.event.Location;
import io.seqgate.sink.S3Settings;
import io.seqgate.streams.KeyPartitioning;
import io.seqgate.streams.TopologySettings;
import io.seqgate.streams.TopologySettings.Topics;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Everything seqgate is configured with, validated when built. It is parsed from a plain
 * {@code Map<String, String>}: the process environment in production, {@code Map.of(...)} in tests.
 * The settings are grouped in records of their own (Kafka Streams, topics, gate, locations, S3, sink
 * limits and execution, HTTP, the transform), each of a distinct type, so two groups cannot be passed
 * in each other's place. The transform's own settings ({@code SEQGATE_TRANSFORM_<NAME>_*}) are declared
 * by the transform, so they are checked at start, when the transforms are found ({@code runtime.Transforms}).
 *
 * The settings themselves, with their defaults and checks, are the rows of {@link Settings}.
 *
 * <p><b>Precedence</b>, written down once: a {@code SEQGATE_*} variable wins over the default
 * of its row in {@link Settings} (docs/configuration.md shows them); a blank one counts as unset; {@code COORDINATION} is accepted as an alias of
 * {@code SEQGATE_COORDINATION} (the AWS sample's name for it, docs/design.md §2) and loses to it when both are set. Kafka
 * Streams settings are passed through as {@code KAFKA_STREAMS_<NAME>} ({@code _} becomes {@code .}
 * and the name is lower-cased: {@code KAFKA_STREAMS_NUM_STREAM_THREADS=2} is
 * {@code num.stream.threads=2}); they win over seqgate's Streams defaults, except
 * {@code application.id} and {@code bootstrap.servers}, which only the {@code SEQGATE_*} settings set.
 * S3 credentials come from {@code SEQGATE_S3_ACCESS_KEY}/{@code SEQGATE_S3_SECRET_KEY} when both are
 * set, otherwise from the AWS SDK's default chain ({@code AWS_ACCESS_KEY_ID}, profiles, instance roles).
 *
 * @param described what each setting of the table took (its default when unset), in the table's order,
 *                  a secret replaced by what says it is set: the start-up banner ({@link #describe()})
 */
public record SeqgateConfig(
        String instanceId,
        StreamsSettings streams,
        Topics topics,
        GateSettings gate,
        Locations locations,
        S3Access s3,
        SinkLimits sinkLimits,
        SinkExecution sinkExecution,
        HttpSettings http,
        ReconcileSettings reconcile,
        TransformChoice transform,
        Map<String, String> described) {

    public static final String STREAMS_PREFIX = "KAFKA_STREAMS_";

    public SeqgateConfig {
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(streams, "streams");
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(gate, "gate");
        Objects.requireNonNull(locations, "locations");
        Objects.requireNonNull(s3, "s3");
        Objects.requireNonNull(sinkLimits, "sinkLimits");
        Objects.requireNonNull(sinkExecution, "sinkExecution");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(reconcile, "reconcile");
        Objects.requireNonNull(transform, "transform");
        described = Collections.unmodifiableMap(new LinkedHashMap<>(described));
    }

    /**
     * Parses and validates the settings of {@link Settings}; every problem is reported at once, each
     * naming its setting.
     */
    public static SeqgateConfig fromEnv(Map<String, String> env) {
        Reader p = new Reader(env);
        Boolean coordination = p.get(Settings.COORDINATION);
        KeyPartitioning partitioning = p.get(Settings.INPUT_PARTITIONER);
        Duration retention = p.get(Settings.STATE_RETENTION);
        Duration purge = p.get(Settings.PURGE_INTERVAL);
        List<Location> inputs = p.get(Settings.INPUT_LOCATIONS);
        String outputBucket = p.get(Settings.OUTPUT_BUCKET);
        String outputPrefix = p.get(Settings.OUTPUT_PREFIX);
        URI endpoint = p.get(Settings.S3_ENDPOINT);
        String region = p.get(Settings.S3_REGION);
        Boolean pathStyle = p.get(Settings.S3_PATH_STYLE);
        String accessKey = p.get(Settings.S3_ACCESS_KEY);
        String secretKey = p.get(Settings.S3_SECRET_KEY);
        if ((accessKey == null) != (secretKey == null)) {
            p.problems.add("SEQGATE_S3_ACCESS_KEY and SEQGATE_S3_SECRET_KEY must be set together (or neither, "
                    + "to use the AWS SDK's default credentials chain)");
        }
        Duration callTimeout = p.get(Settings.S3_CALL_TIMEOUT);
        Duration retryBudget = p.get(Settings.S3_RETRY_BUDGET);
        Long maxBytes = p.get(Settings.MAX_OBJECT_BYTES);
        Long maxPixels = p.get(Settings.MAX_PIXELS);
        SinkExecution.Mode sinkMode = p.get(Settings.SINK_MODE);
        Integer sinkConcurrency = p.get(Settings.SINK_CONCURRENCY);
        Integer sinkMaxPending = p.get(Settings.SINK_MAX_PENDING);
        MemoryBudget sinkMemory = p.get(Settings.SINK_MEMORY);
        Duration sinkLinger = p.get(Settings.SINK_LINGER);
        String httpBind = p.get(Settings.HTTP_BIND);
        Integer httpPort = p.get(Settings.HTTP_PORT);
        String token = p.get(Settings.HTTP_TOKEN);
        String peerSecret = p.get(Settings.HTTP_PEER_SECRET);
        Duration httpIdle = p.get(Settings.HTTP_IDLE_TIMEOUT);
        Integer httpMaxQueries = p.get(Settings.HTTP_MAX_QUERIES);
        String applicationId = p.get(Settings.APPLICATION_ID);
        String bootstrapServers = p.get(Settings.BOOTSTRAP_SERVERS);
        String advertised = p.get(Settings.APPLICATION_SERVER);
        Duration sessionTimeout = p.get(Settings.SESSION_TIMEOUT);
        String groupInstanceId = p.get(Settings.GROUP_INSTANCE_ID);
        String stateDir = p.get(Settings.STATE_DIR);
        Topics topics =
                new Topics(p.get(Settings.INPUT_TOPIC), p.get(Settings.OUTCOMES_TOPIC), p.get(Settings.DLQ_TOPIC));
        String instanceId = p.get(Settings.INSTANCE_ID);
        Optional<Duration> reconcileInterval = p.get(Settings.RECONCILE_INTERVAL);
        Double reconcileRate = p.get(Settings.RECONCILE_RATE);
        Integer reconcileListers = p.get(Settings.RECONCILE_LISTERS);
        String transform = p.get(Settings.TRANSFORM);
        Optional<Path> pluginPath = Optional.ofNullable(p.get(Settings.TRANSFORM_PATH));
        if (!p.problems.isEmpty()) {
            throw new InvalidConfigException(p.problems);
        }
        return new SeqgateConfig(
                instanceId,
                new StreamsSettings(
                        applicationId,
                        bootstrapServers,
                        advertised,
                        sessionTimeout,
                        groupInstanceId,
                        stateDir,
                        streamsOverrides(env)),
                topics,
                new GateSettings(partitioning, coordination, retention, purge),
                new Locations(inputs, outputBucket == null ? null : new Location(outputBucket, outputPrefix)),
                new S3Access(
                        new S3Settings(endpoint, region, pathStyle, accessKey, secretKey), callTimeout, retryBudget),
                new SinkLimits(maxBytes, maxPixels),
                new SinkExecution(sinkMode, sinkConcurrency, sinkMaxPending, sinkLinger, sinkMemory),
                new HttpSettings(httpBind, httpPort, token, peerSecret, httpIdle, httpMaxQueries),
                new ReconcileSettings(reconcileInterval, reconcileRate, reconcileListers),
                new TransformChoice(transform, pluginPath, TransformChoice.settingsIn(env)),
                p.described());
    }

    /** The Kafka Streams settings given as {@code KAFKA_STREAMS_*}, as Streams property names. */
    static Map<String, String> streamsOverrides(Map<String, String> env) {
        Map<String, String> out = new TreeMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith(STREAMS_PREFIX) && name.length() > STREAMS_PREFIX.length()) {
                out.put(
                        name.substring(STREAMS_PREFIX.length())
                                .toLowerCase(Locale.ROOT)
                                .replace('_', '.'),
                        value);
            }
        });
        return out;
    }

    /** The part of the configuration the topology is built from. */
    public TopologySettings topology() {
        return new TopologySettings(
                topics,
                gate.inputPartitioning(),
                gate.coordination(),
                gate.stateRetention(),
                gate.purgeInterval(),
                locations.inputs(),
                locations.output(),
                instanceId,
                sinkExecution.async());
    }

    /**
     * What the configuration says, for the log at start-up: the value of every setting (its default when
     * unset) in the table's order, never a secret, and the names of the Kafka Streams settings passed
     * through and of the transform's settings set (names only: a plugin's setting may be a secret).
     */
    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>(described);
        d.put(TransformChoice.SETTINGS_PREFIX + "*", transform.settings().keySet());
        d.put(STREAMS_PREFIX + "*", streams.overrides().keySet());
        return d;
    }

    @Override
    public String toString() {
        return "SeqgateConfig" + describe();
    }

    /**
     * {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 7d}, ISO-8601 such as {@code PT30S}, or a
     * bare {@code 0}. The one duration parser: settings and command-line options both use it.
     */
    public static Duration duration(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("0")) {
            return Duration.ZERO;
        }
        try {
            if (v.startsWith("p")) {
                return Duration.parse(v.toUpperCase(Locale.ROOT));
            }
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            return switch (v.charAt(v.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw new IllegalArgumentException("unknown unit");
            };
        } catch (RuntimeException e) {
            if (e instanceof DateTimeParseException
                    || e instanceof NumberFormatException
                    || e instanceof StringIndexOutOfBoundsException
                    || e instanceof IllegalArgumentException) {
                throw new IllegalArgumentException(
                        "expected a duration like 500ms, 30s, 5m, 1h, 7d or PT30S, got '" + value + "'");
            }
            throw e;
        }
    }

    /**
     * Reads rows of the table, collecting problems instead of stopping at the first, so one start tells
     * everything that is wrong.
     */
    private static final class Reader {
        final List<String> problems = new ArrayList<>();
        private final Map<String, String> env;
        private final Map<String, String> shown = new HashMap<>();

        Reader(Map<String, String> env) {
            this.env = env;
        }

        /** The setting's value (its default when unset), or null when it has none or is refused. */
        <T> T get(Setting<T> setting) {
            String value = setting.valueIn(env);
            shown.put(setting.name(), shown(setting, value));
            if (value == null) {
                return null;
            }
            T parsed;
            try {
                parsed = setting.parser().apply(value);
            } catch (RuntimeException e) {
                problems.add(setting.name() + (setting.alias() == null ? "" : " (or " + setting.alias() + ")") + ": "
                        + e.getMessage());
                return null;
            }
            String problem = setting.problem().apply(parsed);
            if (problem != null) {
                problems.add(setting.name() + " " + problem);
            }
            return parsed;
        }

        private static String shown(Setting<?> setting, String value) {
            if (value == null) {
                return setting.shownDefault().replace("`", "");
            }
            return setting.secretShown() != null ? setting.secretShown() : value;
        }

        /** What every setting read took, in the table's order. */
        Map<String, String> described() {
            Map<String, String> d = new LinkedHashMap<>();
            for (Setting<?> setting : Settings.all()) {
                if (shown.containsKey(setting.name())) {
                    d.put(setting.name(), shown.get(setting.name()));
                }
            }
            return d;
        }
    }
}
