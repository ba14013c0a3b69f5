package io.seqgate.config;

import io.seqgate.event.Location;
import io.seqgate.streams.KeyPartitioning;
import io.seqgate.streams.TopologySettings.Topics;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The table of seqgate's settings, one row each, in the order docs/configuration.md lists them. The
 * row is the one place of a setting's name, default, parsing, checks and description:
 * {@link SeqgateConfig#fromEnv} reads it, the start-up banner shows it and the documentation's table
 * is rendered from it.
 *
 * <p>To add a setting: one row here ({@code public static final Setting<T> NAME = add(...)}), then its
 * use, {@code p.get(NAME)} in {@link SeqgateConfig#fromEnv} (into the settings record it belongs to),
 * and the row that ConfigurationDocTest prints into docs/configuration.md.
 */
public final class Settings {

    /** Every row, in the order declared below: the static initialisers run in textual order. */
    private static final List<Setting<?>> ALL = new ArrayList<>();

    /** The instance {@code ./seqgate state} asks unless given {@code --url}. */
    public static final String DEFAULT_QUERY_URL = "http://127.0.0.1:8080";

    /**
     * The most workers {@code SEQGATE_SINK_CONCURRENCY} allows. The sink's S3 client pools one
     * connection per worker (at least the SDK's default 50), so the limit is not the pool's: it bounds
     * the memory and threads one instance can be asked for by mistake (each running job holds one
     * object and its decoded image, see {@link SinkExecution}).
     */
    static final int MAX_SINK_CONCURRENCY = 1024;

    public static final Setting<String> BOOTSTRAP_SERVERS =
            add(Setting.text("SEQGATE_BOOTSTRAP_SERVERS", "localhost:9092", "Kafka bootstrap servers"));

    public static final Setting<String> APPLICATION_ID = add(Setting.text(
            "SEQGATE_APPLICATION_ID",
            "seqgate",
            "Kafka Streams application id: instances with the same id share the work; it prefixes the changelog"
                    + " and repartition topics"));

    public static final Setting<String> INSTANCE_ID =
            add(Setting.text("SEQGATE_INSTANCE_ID", null, "name of this instance in outcomes and logs")
                    .defaultFrom(SettingValues::hostName, "`$HOSTNAME`"));

    public static final Setting<String> INPUT_TOPIC =
            add(Setting.text("SEQGATE_INPUT_TOPIC", Topics.DEFAULT.input(), "notifications in"));

    public static final Setting<String> OUTCOMES_TOPIC = add(
            Setting.text("SEQGATE_OUTCOMES_TOPIC", Topics.DEFAULT.outcomes(), "one JSON record per object event out"));

    public static final Setting<String> DLQ_TOPIC = add(
            Setting.text("SEQGATE_DLQ_TOPIC", Topics.DEFAULT.deadLetters(), "unparseable messages and FAILED events"));

    public static final Setting<KeyPartitioning> INPUT_PARTITIONER = add(Setting.of(
            "SEQGATE_INPUT_PARTITIONER",
            "minio",
            KeyPartitioning::fromSetting,
            "how the producer of the input topic partitioned it: `minio` (FNV-1a, MinIO's Kafka target) or"
                    + " `kafka` (murmur2, Kafka's Java clients) — see"
                    + " [Partitioning](design.md#partitioning-of-the-input)"));

    public static final Setting<Boolean> COORDINATION = add(Setting.of(
                    "SEQGATE_COORDINATION",
                    "on",
                    SettingValues::onOff,
                    "`off` bypasses the gate and the sink's conditions: the naive baseline the demo compares"
                            + " against")
            .alias("COORDINATION"));

    public static final Setting<List<Location>> INPUT_LOCATIONS = add(Setting.of(
                    "SEQGATE_INPUT_LOCATIONS",
                    "",
                    SettingValues::locations,
                    "comma-separated `bucket` or `bucket/prefix` the processor accepts; events elsewhere are"
                            + " IGNORED")
            .shownAs("(any bucket)"));

    public static final Setting<String> OUTPUT_BUCKET =
            add(Setting.text("SEQGATE_OUTPUT_BUCKET", null, "where outputs are written")
                    .shownAs("(required for `run`)"));

    public static final Setting<String> OUTPUT_PREFIX = add(Setting.text(
                    "SEQGATE_OUTPUT_PREFIX",
                    "",
                    "output key = prefix + the full input key (never the basename); when the input can come from"
                            + " more than one bucket (`SEQGATE_INPUT_LOCATIONS` empty or naming several), prefix +"
                            + " `bucket/` + key, so objects of different buckets never share an output")
            .shownAs("(empty)"));

    public static final Setting<URI> S3_ENDPOINT = add(Setting.of(
                    "SEQGATE_S3_ENDPOINT",
                    null,
                    SettingValues::uri,
                    "S3 endpoint URL, e.g. `http://localhost:9000` for MinIO")
            .shownAs("(AWS)"));

    public static final Setting<String> S3_REGION = add(Setting.text("SEQGATE_S3_REGION", "us-east-1", "region"));

    public static final Setting<Boolean> S3_PATH_STYLE =
            add(Setting.of("SEQGATE_S3_PATH_STYLE", null, SettingValues::bool, "path-style addressing (MinIO, S3Proxy)")
                    .defaultFrom(
                            env -> String.valueOf(Settings.S3_ENDPOINT.valueIn(env) != null),
                            "`true` with an endpoint, else `false`"));

    public static final Setting<String> S3_ACCESS_KEY = add(Setting.text(
                    "SEQGATE_S3_ACCESS_KEY",
                    null,
                    "static credentials with `SEQGATE_S3_SECRET_KEY`; both or neither. Without them the AWS SDK's"
                            + " default chain is used (`AWS_ACCESS_KEY_ID`, profiles, instance roles)")
            .shownAs("(AWS default chain)"));

    public static final Setting<String> S3_SECRET_KEY =
            add(Setting.text("SEQGATE_S3_SECRET_KEY", null, "the secret of `SEQGATE_S3_ACCESS_KEY`; never logged")
                    .shownAs("(AWS default chain)")
                    .secret("set"));

    public static final Setting<Duration> S3_CALL_TIMEOUT =
            add(Setting.duration("SEQGATE_S3_CALL_TIMEOUT", "5s", "bound on each S3 call (connect, request, body)")
                    .must(SettingValues::positive, "must be positive"));

    public static final Setting<Duration> S3_RETRY_BUDGET = add(Setting.duration(
                    "SEQGATE_S3_RETRY_BUDGET",
                    "20s",
                    "how long transient S3 errors (5xx, throttling, timeouts, refused connections) are retried"
                            + " with capped exponential backoff (100 ms doubling to 2 s, jittered) before the event"
                            + " ends FAILED")
            .must(d -> !d.isNegative(), "must not be negative"));

    public static final Setting<Long> MAX_OBJECT_BYTES = add(Setting.of(
                    "SEQGATE_MAX_OBJECT_BYTES",
                    String.valueOf(50L * 1024 * 1024),
                    Long::parseLong,
                    "larger inputs are UNSUPPORTED, checked before download; so are larger outputs of the transform")
            .shownAs("`52428800` (50 MiB)")
            .must(n -> n > 0, "must be positive"));

    public static final Setting<Long> MAX_PIXELS = add(Setting.of(
                    "SEQGATE_MAX_PIXELS",
                    String.valueOf(SinkLimits.DEFAULT_MAX_PIXELS),
                    Long::parseLong,
                    "larger images are UNSUPPORTED, checked from the header before decoding (the image transforms)")
            .must(n -> n > 0, "must be positive"));

    public static final Setting<String> TRANSFORM = add(Setting.of(
            TransformChoice.NAME_VARIABLE,
            TransformChoice.DEFAULT,
            TransformChoice::name,
            "the transform the sink runs on the newest version of each object: `invert`, `thumbnail`, `copy`,"
                    + " `http`, or a plugin's name. Its own settings are `SEQGATE_TRANSFORM_<NAME>_<SETTING>`,"
                    + " declared by the transform and checked at start ([docs/transforms.md](transforms.md))"));

    public static final Setting<Path> TRANSFORM_PATH = add(Setting.of(
            TransformChoice.PATH_VARIABLE,
            null,
            TransformChoice::path,
            "a directory of plugin jars: each `*.jar` in it is loaded, its transforms found by"
                    + " `META-INF/services/io.seqgate.transform.TransformProvider`"));

    public static final Setting<Duration> STATE_RETENTION =
            add(Setting.duration("SEQGATE_STATE_RETENTION", "7d", "object states idle longer than this are purged")
                    .must(SettingValues::positive, "must be positive"));

    public static final Setting<Duration> PURGE_INTERVAL =
            add(Setting.duration("SEQGATE_PURGE_INTERVAL", "1h", "how often the purge runs (wall-clock punctuator)")
                    .must(SettingValues::positive, "must be positive"));

    public static final Setting<String> STATE_DIR = add(
            Setting.text("SEQGATE_STATE_DIR", null, "RocksDB state directory; use a persistent volume in production")
                    .defaultFrom(
                            env -> System.getProperty("java.io.tmpdir") + "/seqgate-state",
                            "`/tmp/seqgate-state` (`java.io.tmpdir`)"));

    public static final Setting<String> APPLICATION_SERVER = add(Setting.of(
                    "SEQGATE_APPLICATION_SERVER",
                    null,
                    SettingValues::hostAndPort,
                    "`host:port` the other instances reach this one at (Streams `application.server`)")
            .shownAs("bind address (this host's name when binding `0.0.0.0`) `:` HTTP port"));

    public static final Setting<String> HTTP_BIND =
            add(Setting.text("SEQGATE_HTTP_BIND", "0.0.0.0", "address the HTTP API listens on")
                    .shownAs("`0.0.0.0` (`./seqgate dev`: `127.0.0.1`)"));

    public static final Setting<Integer> HTTP_PORT = add(Setting.of(
            "SEQGATE_HTTP_PORT",
            "8080",
            SettingValues::httpPort,
            "HTTP port; `0` picks a free port (and advertises it), `off` runs no HTTP API"));

    public static final Setting<String> HTTP_TOKEN = add(Setting.text(
                    "SEQGATE_HTTP_TOKEN",
                    null,
                    "bearer token required on every endpoint except `/health/*`; at least 16 characters; never"
                            + " logged")
            .must(
                    SettingValues::longSecret,
                    token -> "must be at least 16 characters without spaces" + " (e.g. openssl rand -hex 32)")
            .secret("bearer token required"));

    public static final Setting<String> HTTP_PEER_SECRET = add(Setting.text(
                    "SEQGATE_HTTP_PEER_SECRET",
                    null,
                    "secret the instances sign forwarded requests with, the same on every instance and never"
                            + " given to clients; at least 16 characters; never logged"
                            + " ([Inspect state](operations.md#inspect-state))")
            .shownAs("(none: the token signs)")
            .must(
                    SettingValues::longSecret,
                    secret -> "must be at least 16 characters without spaces" + " (e.g. openssl rand -hex 32)")
            .secret("peer secret set"));

    public static final Setting<Duration> HTTP_IDLE_TIMEOUT = add(Setting.duration(
                    "SEQGATE_HTTP_IDLE_TIMEOUT",
                    HttpSettings.DEFAULT_IDLE_TIMEOUT.toSeconds() + "s",
                    "an HTTP connection that sends nothing this long, mid-request or between requests, is closed")
            .must(SettingValues::positive, "must be positive"));

    public static final Setting<Integer> HTTP_MAX_QUERIES = add(Setting.of(
            "SEQGATE_HTTP_MAX_QUERIES",
            String.valueOf(HttpSettings.DEFAULT_MAX_QUERIES),
            value -> SettingValues.count(value, 1000),
            "object, listing and `/instances` requests one instance answers at once (1–1000), and as many"
                    + " forwarded by other instances; more get `503` at once. Health checks and `/metrics` need"
                    + " no place"));

    public static final Setting<Duration> SESSION_TIMEOUT = add(Setting.duration(
                    "SEQGATE_SESSION_TIMEOUT",
                    "6s",
                    "consumer session timeout: how soon a dead instance is noticed (heartbeat = one sixth, at"
                            + " least 500 ms)")
            .must(SettingValues::positive, "must be positive"));

    public static final Setting<String> GROUP_INSTANCE_ID = add(Setting.text(
                    "SEQGATE_GROUP_INSTANCE_ID", null, "static membership id for rolling restarts; unique per instance")
            .shownAs("(dynamic membership)"));

    public static final Setting<String> QUERY_URL =
            add(Setting.text("SEQGATE_QUERY_URL", DEFAULT_QUERY_URL, "the instance `./seqgate state` asks"));

    public static final Setting<SinkExecution.Mode> SINK_MODE = add(Setting.of(
            "SEQGATE_SINK_MODE",
            "async",
            SinkExecution.Mode::fromSetting,
            "`async`: the sink runs on a pool of workers, off the stream thread and outside Kafka transactions"
                    + " ([docs/async-sink.md](async-sink.md)); `sync`: on the stream thread, inside the"
                    + " transaction, one event at a time per task"));

    public static final Setting<Integer> SINK_CONCURRENCY = add(Setting.of(
            "SEQGATE_SINK_CONCURRENCY",
            String.valueOf(SinkExecution.DEFAULT_CONCURRENCY),
            value -> SettingValues.count(value, MAX_SINK_CONCURRENCY),
            "workers of the pool, shared by all tasks of the instance; 1–1024. Sized for I/O: a job mostly waits"
                    + " for S3. Raise it when many jobs are slow and small (I/O-bound: a slow transform or a"
                    + " distant S3 endpoint, small images): each worker works on one object at once. A running"
                    + " job holds its input object (up to `SEQGATE_MAX_OBJECT_BYTES`), its decoded image (4 bytes"
                    + " a pixel, up to `SEQGATE_MAX_PIXELS`: 160 MB at the defaults) and its encoded output;"
                    + " workers whose objects do not fit in `SEQGATE_SINK_MEMORY` together wait for their turn"
                    + " ([docs/sizing.md](sizing.md)). The S3 client pools one connection per worker (at least"
                    + " 50)"));

    public static final Setting<Integer> SINK_MAX_PENDING = add(Setting.of(
            "SEQGATE_SINK_MAX_PENDING",
            String.valueOf(SinkExecution.DEFAULT_MAX_PENDING),
            value -> SettingValues.count(value, Integer.MAX_VALUE),
            "accepted events one instance holds at once, in the pool or queued behind a job of the same"
                    + " object; when reached, the stream threads take no more input until a job ends (the"
                    + " backlog stays in Kafka)"));

    public static final Setting<MemoryBudget> SINK_MEMORY = add(Setting.of(
            "SEQGATE_SINK_MEMORY",
            MemoryBudget.DEFAULT.percentOfHeap() + "%",
            MemoryBudget::parse,
            "how much of the heap the sink's jobs may hold at once, as a share of the maximum heap (`50%`) or a"
                    + " size (`2g`, `512m`): each job claims its input, its decoded image (4 bytes a pixel, from"
                    + " the header) and its output before it reads the input, and waits for its turn when they"
                    + " do not fit, in the order the jobs came; an object larger than the whole budget runs"
                    + " alone. Async and sync alike ([docs/sizing.md](sizing.md))"));

    public static final Setting<Duration> SINK_LINGER = add(Setting.duration(
                    "SEQGATE_SINK_LINGER",
                    SinkExecution.DEFAULT_LINGER.toMillis() + "ms",
                    "how long the job for an object that has none waits before a worker takes it, 0–10 s"
                            + " (`100ms`, `1s`); a newer event for the object arriving meanwhile replaces it"
                            + " (SUPERSEDED, \"coalesced into …\"), so a burst of writes to one object — the blog's"
                            + " cat, then dog, one PUT apart — costs one transform, not two. Every object's latency"
                            + " grows by the linger. Without it, an object's first event goes to a free worker at"
                            + " once and the next one queues behind it. Coordination on, async only")
            .must(
                    linger -> !linger.isNegative() && linger.compareTo(SinkExecution.MAX_LINGER) <= 0,
                    linger -> "must be between 0 and " + SinkExecution.MAX_LINGER.toSeconds() + "s, got "
                            + linger.toMillis() + "ms"));

    public static final Setting<Optional<Duration>> RECONCILE_INTERVAL = add(Setting.of(
                    "SEQGATE_RECONCILE_INTERVAL",
                    "off",
                    SettingValues::offOrDuration,
                    "how often a reconcile pass starts (`1h`), counted from the end of the last; it lists the input"
                            + " and output locations and settles every object whose output is out of sync"
                            + " (docs/reconcile.md). One instance runs it: the owner of input partition 0")
            .must(i -> i.isEmpty() || SettingValues.positive(i.get()), "must be positive or off"));

    public static final Setting<Double> RECONCILE_RATE = add(Setting.of(
            "SEQGATE_RECONCILE_RATE",
            String.valueOf((long) ReconcileSettings.DEFAULT_RATE),
            SettingValues::rate,
            "objects a periodic reconcile pass lists per second at most, over all its listers; 0 for no limit"));

    public static final Setting<Integer> RECONCILE_LISTERS = add(Setting.of(
            "SEQGATE_RECONCILE_LISTERS",
            String.valueOf(ReconcileSettings.DEFAULT_LISTERS),
            value -> SettingValues.count(value, 256),
            "parts of the key space (folders) a reconcile pass lists at once"));

    private Settings() {}

    /** Every setting, in the table's order. */
    public static List<Setting<?>> all() {
        return List.copyOf(ALL);
    }

    private static <T> Setting<T> add(Setting<T> setting) {
        ALL.add(setting);
        return setting;
    }
}
