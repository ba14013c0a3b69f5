package io.seqgate.config;

import io.seqgate.sink.InvertColours;
import io.seqgate.streams.KeyPartitioning;
import io.seqgate.streams.Names;
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
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Everything seqgate is configured with, validated when built. It is parsed from a plain
 * {@code Map<String, String>}: the process environment in production, {@code Map.of(...)} in tests.
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
        String applicationId,
        String bootstrapServers,
        String instanceId,
        String inputTopic,
        String outcomesTopic,
        String dlqTopic,
        KeyPartitioning inputPartitioning,
        boolean coordination,
        Duration stateRetention,
        Duration purgeInterval,
        List<Location> inputLocations,
        Location output,
        URI s3Endpoint,
        String s3Region,
        boolean s3PathStyle,
        String s3AccessKey,
        String s3SecretKey,
        long maxObjectBytes,
        long maxPixels,
        Duration s3CallTimeout,
        Duration s3RetryBudget,
        String applicationServer,
        HttpSettings http,
        Duration sessionTimeout,
        String groupInstanceId,
        String stateDir,
        Map<String, String> streamsOverrides,
        SinkExecution sinkExecution) {

    public static final String STREAMS_PREFIX = "KAFKA_STREAMS_";

    /**
     * The S3 client's connection pool holds 50 connections (the AWS SDK's default for its Apache HTTP
     * client, {@code SdkHttpConfigurationOption.MAX_CONNECTIONS}); a worker beyond that would wait for a
     * connection instead of working, and fail after the pool's acquisition timeout.
     */
    static final int MAX_SINK_CONCURRENCY = 50;

    public SeqgateConfig {
        inputLocations = List.copyOf(inputLocations);
        streamsOverrides = Map.copyOf(streamsOverrides);
        List<String> problems = new ArrayList<>();
        if (output != null) {
            for (Location in : inputLocations) {
                if (in.overlaps(output)) {
                    problems.add("SEQGATE_OUTPUT_BUCKET/SEQGATE_OUTPUT_PREFIX (" + output + ") overlaps the input "
                            + "location " + in + " in SEQGATE_INPUT_LOCATIONS: seqgate would process its own output forever");
                }
            }
            if (inputLocations.isEmpty() && output.prefix().isEmpty()) {
                problems.add("SEQGATE_INPUT_LOCATIONS is empty (every bucket is input) and the output is the whole bucket "
                        + output + ": set SEQGATE_INPUT_LOCATIONS, or an output prefix SEQGATE_OUTPUT_PREFIX");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
    }

    /** Parses and validates; every problem is reported at once, each naming its setting. */
    public static SeqgateConfig fromEnv(Map<String, String> env) {
        Parser p = new Parser(env);
        String coordination = p.env.getOrDefault("SEQGATE_COORDINATION", p.env.getOrDefault("COORDINATION", "on"));
        boolean coordinationOn = p.onOff("SEQGATE_COORDINATION", coordination);
        String outputBucket = p.string("SEQGATE_OUTPUT_BUCKET", null);
        Location output = outputBucket == null ? null : new Location(outputBucket, p.string("SEQGATE_OUTPUT_PREFIX", ""));
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
        Long maxPixels = p.parse("SEQGATE_MAX_PIXELS", String.valueOf(InvertColours.DEFAULT_MAX_PIXELS), Long::parseLong);
        p.positive("SEQGATE_STATE_RETENTION", retention);
        p.positive("SEQGATE_PURGE_INTERVAL", purge);
        p.positive("SEQGATE_S3_CALL_TIMEOUT", callTimeout);
        p.positive("SEQGATE_MAX_OBJECT_BYTES", maxBytes);
        p.positive("SEQGATE_MAX_PIXELS", maxPixels);
        if (retryBudget != null && retryBudget.isNegative()) {
            p.problems.add("SEQGATE_S3_RETRY_BUDGET must not be negative, got " + retryBudget);
        }
        List<Location> inputs = Arrays.stream(p.string("SEQGATE_INPUT_LOCATIONS", "").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).map(Location::parse).toList();
        KeyPartitioning partitioning = p.parse("SEQGATE_INPUT_PARTITIONER", "minio", KeyPartitioning::fromSetting);
        Integer httpPort = p.parse("SEQGATE_HTTP_PORT", "8080", SeqgateConfig::httpPort);
        String token = p.string("SEQGATE_HTTP_TOKEN", null);
        if (token != null && (token.length() < 16 || token.chars().anyMatch(Character::isWhitespace))) {
            // The token itself is never repeated in a message.
            p.problems.add("SEQGATE_HTTP_TOKEN must be at least 16 characters without spaces (e.g. openssl rand -hex 32)");
        }
        String peerSecret = p.string("SEQGATE_HTTP_PEER_SECRET", null);
        if (peerSecret != null && (peerSecret.length() < 16 || peerSecret.chars().anyMatch(Character::isWhitespace))) {
            p.problems.add("SEQGATE_HTTP_PEER_SECRET must be at least 16 characters without spaces (e.g. openssl rand -hex 32)");
        }
        Duration httpIdle = p.parse("SEQGATE_HTTP_IDLE_TIMEOUT", HttpSettings.DEFAULT_IDLE_TIMEOUT.toSeconds() + "s", SeqgateConfig::duration);
        p.positive("SEQGATE_HTTP_IDLE_TIMEOUT", httpIdle);
        Integer httpMaxQueries = p.parse("SEQGATE_HTTP_MAX_QUERIES", String.valueOf(HttpSettings.DEFAULT_MAX_QUERIES),
                v -> count(v, 1000));
        String advertised = p.parse("SEQGATE_APPLICATION_SERVER", null, SeqgateConfig::hostAndPort);
        Duration sessionTimeout = p.parse("SEQGATE_SESSION_TIMEOUT", "6s", SeqgateConfig::duration);
        p.positive("SEQGATE_SESSION_TIMEOUT", sessionTimeout);
        SinkExecution.Mode sinkMode = p.parse("SEQGATE_SINK_MODE", "async", SinkExecution.Mode::fromSetting);
        Integer sinkConcurrency = p.parse("SEQGATE_SINK_CONCURRENCY", String.valueOf(SinkExecution.DEFAULT_CONCURRENCY),
                v -> count(v, MAX_SINK_CONCURRENCY));
        Integer sinkMaxPending = p.parse("SEQGATE_SINK_MAX_PENDING", String.valueOf(SinkExecution.DEFAULT_MAX_PENDING),
                v -> count(v, Integer.MAX_VALUE));
        SeqgateConfig config = null;
        if (p.problems.isEmpty()) {
            config = new SeqgateConfig(
                    p.string("SEQGATE_APPLICATION_ID", "seqgate"),
                    p.string("SEQGATE_BOOTSTRAP_SERVERS", "localhost:9092"),
                    p.string("SEQGATE_INSTANCE_ID", defaultInstanceId(p.env)),
                    p.string("SEQGATE_INPUT_TOPIC", Names.INPUT_TOPIC),
                    p.string("SEQGATE_OUTCOMES_TOPIC", Names.OUTCOMES_TOPIC),
                    p.string("SEQGATE_DLQ_TOPIC", Names.DLQ_TOPIC),
                    partitioning, coordinationOn, retention, purge, inputs, output,
                    endpoint, p.string("SEQGATE_S3_REGION", "us-east-1"),
                    p.parse("SEQGATE_S3_PATH_STYLE", endpoint == null ? "false" : "true", v -> p.bool("SEQGATE_S3_PATH_STYLE", v)),
                    accessKey, secretKey, maxBytes, maxPixels, callTimeout, retryBudget,
                    advertised,
                    new HttpSettings(p.string("SEQGATE_HTTP_BIND", "0.0.0.0"), httpPort, token, peerSecret, httpIdle, httpMaxQueries),
                    sessionTimeout,
                    p.string("SEQGATE_GROUP_INSTANCE_ID", null),
                    p.string("SEQGATE_STATE_DIR", System.getProperty("java.io.tmpdir") + "/seqgate-state"),
                    streamsOverrides(p.env),
                    new SinkExecution(sinkMode, sinkConcurrency, sinkMaxPending));
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
                out.put(name.substring(STREAMS_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
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

    /**
     * The buckets input may come from, or empty when any bucket may. Unless it is exactly one, the
     * output key carries the input bucket, so objects of different buckets never share an output.
     */
    public java.util.Set<String> inputBuckets() {
        return inputLocations.stream().map(Location::bucket).collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }

    /** What the configuration says, for the log at start-up: everything but secrets. */
    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("applicationId", applicationId);
        d.put("bootstrapServers", bootstrapServers);
        d.put("instanceId", instanceId);
        d.put("topics", inputTopic + " -> " + outcomesTopic + " (dead letters: " + dlqTopic + ")");
        d.put("inputPartitioning", inputPartitioning);
        d.put("coordination", coordination ? "on" : "off");
        d.put("sink", sinkExecution.describe());
        d.put("inputLocations", inputLocations.isEmpty() ? "any bucket" : inputLocations);
        d.put("output", output);
        d.put("s3Endpoint", s3Endpoint == null ? "AWS default" : s3Endpoint);
        d.put("s3Region", s3Region);
        d.put("s3Credentials", s3AccessKey == null ? "AWS default chain" : "static key " + s3AccessKey);
        d.put("stateRetention", stateRetention);
        d.put("http", http.describe());
        d.put("applicationServer", applicationServer == null ? "derived from the HTTP address" : applicationServer);
        d.put("sessionTimeout", sessionTimeout);
        d.put("groupInstanceId", groupInstanceId == null ? "none (dynamic membership)" : groupInstanceId);
        d.put("streamsOverrides", streamsOverrides.keySet());
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
                throw new IllegalArgumentException("expected an absolute URL like http://localhost:9000, got '" + value + "'");
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
        throw new IllegalArgumentException("expected host:port that the other instances can reach, got '" + value + "'");
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
            if (e instanceof DateTimeParseException || e instanceof NumberFormatException
                    || e instanceof StringIndexOutOfBoundsException || e instanceof IllegalArgumentException) {
                throw new IllegalArgumentException("expected a duration like 500ms, 30s, 5m, 1h, 7d or PT30S, got '" + value + "'");
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

        boolean bool(String name, String value) {
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
