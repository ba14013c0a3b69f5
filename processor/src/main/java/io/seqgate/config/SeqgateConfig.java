package io.seqgate.config;

import io.seqgate.event.Location;
import io.seqgate.sink.S3Settings;
import io.seqgate.streams.KeyPartitioning;
import io.seqgate.streams.TopologySettings;
import io.seqgate.streams.TopologySettings.Topics;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Everything seqgate is configured with, validated when built. It is parsed from a plain
 * {@code Map<String, String>}: the process environment in production, {@code Map.of(...)} in tests.
 * The settings are grouped in records of their own (Kafka Streams, topics, gate, locations, S3, sink
 * limits and execution, HTTP, the transform), each of a distinct type, so two groups cannot be passed
 * in each other's place. The transform's own settings ({@code SEQGATE_TRANSFORM_<NAME>_*}) are declared
 * by the transform, so they are checked at start, when the transforms are found ({@code runtime.Transforms}).
 *
 * <p><b>Precedence</b>, written down once: a {@code SEQGATE_*} variable wins over the default
 * shown in README's configuration table; {@code COORDINATION} is accepted as an alias of
 * {@code SEQGATE_COORDINATION} (the AWS sample's name for it, docs/design.md §2) and loses to it when both are set. Kafka
 * Streams settings are passed through as {@code KAFKA_STREAMS_<NAME>} ({@code _} becomes {@code .}
 * and the name is lower-cased: {@code KAFKA_STREAMS_NUM_STREAM_THREADS=2} is
 * {@code num.stream.threads=2}); they win over seqgate's Streams defaults, except
 * {@code application.id} and {@code bootstrap.servers}, which only the {@code SEQGATE_*} settings set.
 * S3 credentials come from {@code SEQGATE_S3_ACCESS_KEY}/{@code SEQGATE_S3_SECRET_KEY} when both are
 * set, otherwise from the AWS SDK's default chain ({@code AWS_ACCESS_KEY_ID}, profiles, instance roles).
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
        TransformChoice transform) {

    public static final String STREAMS_PREFIX = "KAFKA_STREAMS_";

    /**
     * The most workers {@code SEQGATE_SINK_CONCURRENCY} allows. The sink's S3 client pools one
     * connection per worker (at least the SDK's default 50), so the limit is not the pool's: it bounds
     * the memory and threads one instance can be asked for by mistake (each running job holds one
     * object and its decoded image, see {@link SinkExecution}).
     */
    static final int MAX_SINK_CONCURRENCY = 1024;

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
    }

    /** Parses and validates; every problem is reported at once, each naming its setting. */
    public static SeqgateConfig fromEnv(Map<String, String> env) {
        Parser p = new Parser(env);
        String coordination = p.env.getOrDefault("SEQGATE_COORDINATION", p.env.getOrDefault("COORDINATION", "on"));
        boolean coordinationOn = p.onOff("SEQGATE_COORDINATION", coordination);
        String outputBucket = p.string("SEQGATE_OUTPUT_BUCKET", null);
        Location output =
                outputBucket == null ? null : new Location(outputBucket, p.string("SEQGATE_OUTPUT_PREFIX", ""));
        URI endpoint = p.parse("SEQGATE_S3_ENDPOINT", null, SeqgateConfig::uri);
        String accessKey = p.string("SEQGATE_S3_ACCESS_KEY", null);
        String secretKey = p.string("SEQGATE_S3_SECRET_KEY", null);
        if ((accessKey == null) != (secretKey == null)) {
            p.problems.add("SEQGATE_S3_ACCESS_KEY and SEQGATE_S3_SECRET_KEY must be set together (or neither, "
                    + "to use the AWS SDK's default credentials chain)");
        }
        Duration retention = p.parse("SEQGATE_STATE_RETENTION", "7d", SeqgateConfig::duration);
        Duration purge = p.parse("SEQGATE_PURGE_INTERVAL", "1h", SeqgateConfig::duration);
        Duration callTimeout = p.parse("SEQGATE_S3_CALL_TIMEOUT", "5s", SeqgateConfig::duration);
        Duration retryBudget = p.parse("SEQGATE_S3_RETRY_BUDGET", "20s", SeqgateConfig::duration);
        Long maxBytes = p.parse("SEQGATE_MAX_OBJECT_BYTES", String.valueOf(50L * 1024 * 1024), Long::parseLong);
        Long maxPixels = p.parse("SEQGATE_MAX_PIXELS", String.valueOf(SinkLimits.DEFAULT_MAX_PIXELS), Long::parseLong);
        p.positive("SEQGATE_STATE_RETENTION", retention);
        p.positive("SEQGATE_PURGE_INTERVAL", purge);
        p.positive("SEQGATE_S3_CALL_TIMEOUT", callTimeout);
        p.positive("SEQGATE_MAX_OBJECT_BYTES", maxBytes);
        p.positive("SEQGATE_MAX_PIXELS", maxPixels);
        if (retryBudget != null && retryBudget.isNegative()) {
            p.problems.add("SEQGATE_S3_RETRY_BUDGET must not be negative, got " + retryBudget);
        }
        List<Location> inputs = Arrays.stream(
                        p.string("SEQGATE_INPUT_LOCATIONS", "").split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(Location::parse)
                .toList();
        KeyPartitioning partitioning = p.parse("SEQGATE_INPUT_PARTITIONER", "minio", KeyPartitioning::fromSetting);
        Integer httpPort = p.parse("SEQGATE_HTTP_PORT", "8080", SeqgateConfig::httpPort);
        String token = p.string("SEQGATE_HTTP_TOKEN", null);
        if (token != null && (token.length() < 16 || token.chars().anyMatch(Character::isWhitespace))) {
            // The token itself is never repeated in a message.
            p.problems.add(
                    "SEQGATE_HTTP_TOKEN must be at least 16 characters without spaces (e.g. openssl rand -hex 32)");
        }
        String peerSecret = p.string("SEQGATE_HTTP_PEER_SECRET", null);
        if (peerSecret != null
                && (peerSecret.length() < 16 || peerSecret.chars().anyMatch(Character::isWhitespace))) {
            p.problems.add(
                    "SEQGATE_HTTP_PEER_SECRET must be at least 16 characters without spaces (e.g. openssl rand -hex 32)");
        }
        Duration httpIdle = p.parse(
                "SEQGATE_HTTP_IDLE_TIMEOUT",
                HttpSettings.DEFAULT_IDLE_TIMEOUT.toSeconds() + "s",
                SeqgateConfig::duration);
        p.positive("SEQGATE_HTTP_IDLE_TIMEOUT", httpIdle);
        Integer httpMaxQueries = p.parse(
                "SEQGATE_HTTP_MAX_QUERIES", String.valueOf(HttpSettings.DEFAULT_MAX_QUERIES), v -> count(v, 1000));
        String advertised = p.parse("SEQGATE_APPLICATION_SERVER", null, SeqgateConfig::hostAndPort);
        Duration sessionTimeout = p.parse("SEQGATE_SESSION_TIMEOUT", "6s", SeqgateConfig::duration);
        p.positive("SEQGATE_SESSION_TIMEOUT", sessionTimeout);
        SinkExecution.Mode sinkMode = p.parse("SEQGATE_SINK_MODE", "async", SinkExecution.Mode::fromSetting);
        Integer sinkConcurrency = p.parse(
                "SEQGATE_SINK_CONCURRENCY",
                String.valueOf(SinkExecution.DEFAULT_CONCURRENCY),
                v -> count(v, MAX_SINK_CONCURRENCY));
        Integer sinkMaxPending = p.parse(
                "SEQGATE_SINK_MAX_PENDING",
                String.valueOf(SinkExecution.DEFAULT_MAX_PENDING),
                v -> count(v, Integer.MAX_VALUE));
        Duration sinkLinger =
                p.parse("SEQGATE_SINK_LINGER", SinkExecution.DEFAULT_LINGER.toMillis() + "ms", SeqgateConfig::duration);
        if (sinkLinger != null && (sinkLinger.isNegative() || sinkLinger.compareTo(SinkExecution.MAX_LINGER) > 0)) {
            p.problems.add("SEQGATE_SINK_LINGER must be between 0 and " + SinkExecution.MAX_LINGER.toSeconds()
                    + "s, got " + sinkLinger.toMillis() + "ms");
        }
        Boolean pathStyle = p.parse("SEQGATE_S3_PATH_STYLE", endpoint == null ? "false" : "true", p::bool);
        String instanceId = p.string("SEQGATE_INSTANCE_ID", defaultInstanceId(p.env));
        String reconcileEvery = p.string("SEQGATE_RECONCILE_INTERVAL", "off");
        Duration reconcileInterval = reconcileEvery.equalsIgnoreCase("off")
                ? null
                : p.parse("SEQGATE_RECONCILE_INTERVAL", "off", SeqgateConfig::duration);
        p.positive("SEQGATE_RECONCILE_INTERVAL", reconcileInterval);
        Double reconcileRate = p.parse(
                "SEQGATE_RECONCILE_RATE", String.valueOf((long) ReconcileSettings.DEFAULT_RATE), SeqgateConfig::rate);
        Integer reconcileListers = p.parse(
                "SEQGATE_RECONCILE_LISTERS", String.valueOf(ReconcileSettings.DEFAULT_LISTERS), v -> count(v, 256));
        TransformChoice transform = TransformChoice.fromEnv(p.env, p.problems);
        SeqgateConfig config = null;
        if (p.problems.isEmpty()) {
            StreamsSettings streams = new StreamsSettings(
                    p.string("SEQGATE_APPLICATION_ID", "seqgate"),
                    p.string("SEQGATE_BOOTSTRAP_SERVERS", "localhost:9092"),
                    advertised,
                    sessionTimeout,
                    p.string("SEQGATE_GROUP_INSTANCE_ID", null),
                    p.string("SEQGATE_STATE_DIR", System.getProperty("java.io.tmpdir") + "/seqgate-state"),
                    streamsOverrides(p.env));
            Topics topics = new Topics(
                    p.string("SEQGATE_INPUT_TOPIC", Topics.DEFAULT.input()),
                    p.string("SEQGATE_OUTCOMES_TOPIC", Topics.DEFAULT.outcomes()),
                    p.string("SEQGATE_DLQ_TOPIC", Topics.DEFAULT.deadLetters()));
            config = new SeqgateConfig(
                    instanceId,
                    streams,
                    topics,
                    new GateSettings(partitioning, coordinationOn, retention, purge),
                    new Locations(inputs, output),
                    new S3Access(
                            new S3Settings(
                                    endpoint,
                                    p.string("SEQGATE_S3_REGION", "us-east-1"),
                                    pathStyle,
                                    accessKey,
                                    secretKey),
                            callTimeout,
                            retryBudget),
                    new SinkLimits(maxBytes, maxPixels),
                    new SinkExecution(sinkMode, sinkConcurrency, sinkMaxPending, sinkLinger),
                    new HttpSettings(
                            p.string("SEQGATE_HTTP_BIND", "0.0.0.0"),
                            httpPort,
                            token,
                            peerSecret,
                            httpIdle,
                            httpMaxQueries),
                    new ReconcileSettings(Optional.ofNullable(reconcileInterval), reconcileRate, reconcileListers),
                    transform);
        }
        if (!p.problems.isEmpty()) {
            throw new InvalidConfigException(p.problems);
        }
        return config;
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

    private static String defaultInstanceId(Map<String, String> env) {
        String host = env.get("HOSTNAME");
        if (host != null && !host.isBlank()) {
            return host;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "seqgate-" + ProcessHandle.current().pid();
        }
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

    /** What the configuration says, for the log at start-up: everything but secrets. */
    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("applicationId", streams.applicationId());
        d.put("bootstrapServers", streams.bootstrapServers());
        d.put("instanceId", instanceId);
        d.put("topics", topics.input() + " -> " + topics.outcomes() + " (dead letters: " + topics.deadLetters() + ")");
        d.put("inputPartitioning", gate.inputPartitioning());
        d.put("coordination", gate.coordination() ? "on" : "off");
        d.put("sink", sinkExecution.describe());
        d.put(
                "transform",
                transform.name()
                        + transform
                                .pluginPath()
                                .map(path -> " (plugins in " + path + ")")
                                .orElse("")
                        // Names only: a plugin's setting may be a secret (an API key).
                        + (transform.settings().isEmpty()
                                ? ""
                                : ", set: " + transform.settings().keySet()));
        d.put("inputLocations", locations.inputs().isEmpty() ? "any bucket" : locations.inputs());
        d.put("output", locations.output());
        d.put(
                "s3Endpoint",
                s3.connection().endpoint() == null
                        ? "AWS default"
                        : s3.connection().endpoint());
        d.put("s3Region", s3.connection().region());
        d.put(
                "s3Credentials",
                s3.connection().accessKey() == null
                        ? "AWS default chain"
                        : "static key " + s3.connection().accessKey());
        d.put("stateRetention", gate.stateRetention());
        d.put("http", http.describe());
        d.put(
                "applicationServer",
                streams.applicationServer() == null ? "derived from the HTTP address" : streams.applicationServer());
        d.put("sessionTimeout", streams.sessionTimeout());
        d.put(
                "groupInstanceId",
                streams.groupInstanceId() == null ? "none (dynamic membership)" : streams.groupInstanceId());
        d.put(
                "reconcile",
                reconcile
                        .interval()
                        .map(i -> "every " + i + ", at most " + (long) reconcile.rate() + " objects/s, "
                                + reconcile.listers() + " listers")
                        .orElse("off (seqgate reconcile by hand)"));
        d.put("streamsOverrides", streams.overrides().keySet());
        return d;
    }

    @Override
    public String toString() {
        return "SeqgateConfig" + describe();
    }

    private static URI uri(String value) {
        try {
            URI uri = new URI(value);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException(
                        "expected an absolute URL like http://localhost:9000, got '" + value + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + e.getMessage());
        }
    }

    private static int httpPort(String value) {
        if (value.equalsIgnoreCase("off")) {
            return HttpSettings.OFF;
        }
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("expected a port (0 for any free port) or 'off', got '" + value + "'");
    }

    /** A whole number from 1 to {@code max}. */
    private static int count(String value, int max) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("expected a whole number from 1 to " + max + ", got '" + value + "'");
    }

    /** Objects per second, 0 or more; 0 for no limit. */
    private static double rate(String value) {
        try {
            double rate = Double.parseDouble(value);
            if (rate >= 0 && !Double.isInfinite(rate)) {
                return rate;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("expected objects per second (0 for no limit), got '" + value + "'");
    }

    /** {@code host:port}, as Kafka Streams' {@code application.server} wants it. */
    private static String hostAndPort(String value) {
        int colon = value.lastIndexOf(':');
        try {
            int port = colon > 0 ? Integer.parseInt(value.substring(colon + 1)) : -1;
            if (port > 0 && port <= 65535) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                "expected host:port that the other instances can reach, got '" + value + "'");
    }

    /** {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 7d}, or ISO-8601 such as {@code PT30S}. */
    public static Duration duration(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
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

    /** Collects problems instead of stopping at the first, so one start tells everything that is wrong. */
    private static final class Parser {
        final Map<String, String> env;
        final List<String> problems = new ArrayList<>();

        Parser(Map<String, String> env) {
            this.env = env;
        }

        String string(String name, String fallback) {
            String v = env.get(name);
            return v == null || v.isBlank() ? fallback : v.trim();
        }

        <T> T parse(String name, String fallback, Function<String, T> parser) {
            String v = string(name, fallback);
            if (v == null) {
                return null;
            }
            try {
                return parser.apply(v);
            } catch (RuntimeException e) {
                problems.add(name + ": " + e.getMessage());
                return null;
            }
        }

        boolean onOff(String name, String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "on", "true", "1", "yes" -> true;
                case "off", "false", "0", "no" -> false;
                default -> {
                    problems.add(name + " (or COORDINATION): expected on or off, got '" + value + "'");
                    yield true;
                }
            };
        }

        boolean bool(String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "true", "on", "1", "yes" -> true;
                case "false", "off", "0", "no" -> false;
                default -> throw new IllegalArgumentException("expected true or false, got '" + value + "'");
            };
        }

        void positive(String name, Duration d) {
            if (d != null && (d.isZero() || d.isNegative())) {
                problems.add(name + " must be positive, got " + d);
            }
        }

        void positive(String name, Long n) {
            if (n != null && n <= 0) {
                problems.add(name + " must be positive, got " + n);
            }
        }
    }
}
