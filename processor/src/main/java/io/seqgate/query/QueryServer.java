package io.seqgate.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.seqgate.config.HttpSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API of one instance, on the JDK's own server ({@code com.sun.net.httpserver}: no
 * dependency, enough for a handful of small JSON requests). A thin layer: it parses the request,
 * checks the token, calls {@link StateQueries} and maps every failure mode to a status explicitly —
 * 400 bad request, 401 no token, 403 wrong token, 404 unknown object or path, 405 not GET, 503 with
 * {@code Retry-After} while the state cannot be read. Every answer is JSON except {@code /metrics}.
 *
 * <pre>
 * GET /objects/{bucket}/{key}                         one object's state (key may hold '/')
 * GET /objects?bucket=B&amp;prefix=P&amp;limit=N&amp;after=K   a page of objects from all instances
 * GET /instances                                      every instance: host, state, partitions, store lag
 * GET /health/live, /health/ready                     no token needed; ready only while RUNNING
 * GET /metrics                                        Prometheus text format
 * </pre>
 */
public final class QueryServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QueryServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    /** Seconds a client should wait before retrying a 503: about one heartbeat plus a rebalance round. */
    static final String RETRY_AFTER_SECONDS = "2";

    private final HttpServer server;
    private final Optional<byte[]> token;
    private ExecutorService executor;

    private QueryServer(HttpServer server, Optional<String> token) {
        this.server = server;
        this.token = token.map(t -> t.getBytes(StandardCharsets.UTF_8));
    }

    /** Binds the port (so its number is known before Streams is told its {@code application.server}); serves nothing yet. */
    public static QueryServer bind(HttpSettings settings) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(settings.bindAddress(), settings.port()), 0);
        return new QueryServer(server, settings.bearerToken());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * @param state   Kafka Streams' state, for the health checks
     * @param metrics the Prometheus text for {@code /metrics}
     */
    public synchronized void start(StateQueries queries, Supplier<KafkaStreams.State> state, Supplier<String> metrics) {
        AtomicInteger threads = new AtomicInteger();
        // Forwarding waits on other instances (bounded by Peers' timeouts), so more than one thread.
        executor = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "seqgate-http-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", exchange -> handle(exchange, queries, state, metrics));
        server.start();
        LOG.info("HTTP API listening on {}", server.getAddress());
    }

    private void handle(HttpExchange exchange, StateQueries queries, Supplier<KafkaStreams.State> state, Supplier<String> metrics) {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            try {
                if (!exchange.getRequestMethod().equals("GET")) {
                    exchange.getResponseHeaders().set("Allow", "GET");
                    error(exchange, 405, "only GET is supported");
                } else if (path.equals("/health/live")) {
                    live(exchange, state.get());
                } else if (path.equals("/health/ready")) {
                    ready(exchange, state.get());
                } else if (authorized(exchange)) {
                    route(exchange, path, queries, metrics);
                }
            } catch (BadRequest e) {
                error(exchange, 400, e.getMessage());
            } catch (StateUnavailableException e) {
                LOG.debug("503 for {}: {}", path, e.getMessage());
                exchange.getResponseHeaders().set("Retry-After", RETRY_AFTER_SECONDS);
                error(exchange, 503, e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("HTTP {} {} failed", exchange.getRequestMethod(), path, e);
                error(exchange, 500, "internal error: " + e.getClass().getSimpleName());
            }
        } catch (IOException e) {
            LOG.debug("Could not answer an HTTP request: {}", e.toString());
        }
    }

    private void route(HttpExchange exchange, String path, StateQueries queries, Supplier<String> metrics) throws IOException {
        boolean forwarded = exchange.getRequestHeaders().containsKey(Peers.FORWARDED);
        if (path.equals("/metrics")) {
            send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.get().getBytes(StandardCharsets.UTF_8));
        } else if (path.equals("/instances")) {
            json(exchange, 200, new Peers.Instances(queries.instances(forwarded)));
        } else if (path.equals("/objects")) {
            list(exchange, queries, forwarded);
        } else if (path.startsWith("/objects/")) {
            object(exchange, path.substring("/objects/".length()), queries, forwarded);
        } else {
            error(exchange, 404, "no such endpoint: " + path);
        }
    }

    private static void object(HttpExchange exchange, String rest, StateQueries queries, boolean forwarded) throws IOException {
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            throw new BadRequest("expected /objects/{bucket}/{key}, with the key percent-encoded where needed");
        }
        String bucket = decode(rest.substring(0, slash));
        String key = decode(rest.substring(slash + 1));
        Optional<ObjectView> view = queries.object(bucket, key, forwarded);
        if (view.isPresent()) {
            json(exchange, 200, view.get());
        } else {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", "seqgate holds no state for this object: no create or remove event seen, or purged after the retention");
            body.put("bucket", bucket);
            body.put("key", key);
            json(exchange, 404, body);
        }
    }

    private static void list(HttpExchange exchange, StateQueries queries, boolean forwarded) throws IOException {
        Map<String, String> params;
        try {
            params = UrlPaths.query(exchange.getRequestURI().getRawQuery());
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
        String bucket = params.get("bucket");
        if (bucket == null || bucket.isEmpty() || bucket.contains("/")) {
            throw new BadRequest("the query parameter 'bucket' is required (a bucket name, without '/')");
        }
        int limit = DEFAULT_LIMIT;
        if (params.containsKey("limit")) {
            try {
                limit = Integer.parseInt(params.get("limit"));
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new BadRequest("'limit' must be a whole number from 1 to " + MAX_LIMIT + ", got '" + params.get("limit") + "'");
            }
        }
        Optional<Set<Integer>> only = Optional.empty();
        if (forwarded && params.containsKey("partitions")) {
            try {
                only = Optional.of(Arrays.stream(params.get("partitions").split(",")).filter(s -> !s.isEmpty())
                        .map(Integer::valueOf).collect(Collectors.toSet()));
            } catch (NumberFormatException e) {
                throw new BadRequest("'partitions' must be comma-separated partition numbers");
            }
        }
        String after = params.get("after");
        json(exchange, 200, queries.list(bucket, params.getOrDefault("prefix", ""), after == null || after.isEmpty() ? null : after,
                limit, only));
    }

    private static void live(HttpExchange exchange, KafkaStreams.State state) throws IOException {
        // ERROR and NOT_RUNNING do not come back by themselves: restarting the process is the cure.
        boolean live = state != KafkaStreams.State.ERROR && state != KafkaStreams.State.PENDING_ERROR
                && state != KafkaStreams.State.NOT_RUNNING;
        json(exchange, live ? 200 : 503, Map.of("live", live, "state", state.name()));
    }

    private static void ready(HttpExchange exchange, KafkaStreams.State state) throws IOException {
        boolean ready = state == KafkaStreams.State.RUNNING;
        if (!ready) {
            exchange.getResponseHeaders().set("Retry-After", RETRY_AFTER_SECONDS);
        }
        json(exchange, ready ? 200 : 503, Map.of("ready", ready, "state", state.name()));
    }

    /** Answers 401 (no token) or 403 (wrong token) itself and returns false; true when no token is configured. */
    private boolean authorized(HttpExchange exchange) throws IOException {
        if (token.isEmpty()) {
            return true;
        }
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"seqgate\"");
            error(exchange, 401, "a bearer token is required (Authorization: Bearer <SEQGATE_HTTP_TOKEN>)");
            return false;
        }
        byte[] given = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, token.get())) {
            error(exchange, 403, "the bearer token is not valid");
            return false;
        }
        return true;
    }

    private static String decode(String raw) {
        try {
            return UrlPaths.decodePath(raw);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
    }

    private static void error(HttpExchange exchange, int status, String message) throws IOException {
        json(exchange, status, Map.of("status", status, "error", message));
    }

    private static void json(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the answer as JSON", e);
        }
        send(exchange, status, "application/json; charset=utf-8", bytes);
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** A request this API cannot make sense of: 400 with the message. */
    private static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message, null, false, false);
        }
    }

    /** Stops accepting, gives requests in progress a second, and stops the threads. */
    @Override
    public synchronized void close() {
        server.stop(1);
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
