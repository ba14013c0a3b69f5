package io.seqgate.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seqgate.config.HttpSettings;
import io.seqgate.event.LogSafe;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API of one instance, on Jetty (README "Why Jetty"). A thin layer: it parses the request,
 * checks the token, calls {@link Queries} and maps every failure mode to a status explicitly — 400 bad
 * request, 401 no token, 403 wrong token or a forwarding marker not from a peer, 404 unknown object
 * or path, 405 neither GET nor HEAD, 503 with {@code Retry-After} while the state cannot be read or
 * the API is at capacity. Every answer is JSON except {@code /metrics}, errors Jetty raises itself
 * (431 for an oversized header, 400 for a request line it cannot parse) included.
 *
 * <pre>
 * GET /objects/{bucket}/{key}                         one object's state (key may hold '/')
 * GET /objects?bucket=B&amp;prefix=P&amp;limit=N&amp;after=K   a page of objects from all instances
 * GET /instances                                      every instance: host, state, partitions, store lag
 * GET /health/live, /health/ready                     no token needed; live unless Streams failed or a
 *                                                     stream thread is stalled; ready only while RUNNING
 * GET /metrics                                        Prometheus text format
 * </pre>
 *
 * <p><b>Capacity.</b> Jetty reads requests without a thread until one is complete, so a socket that
 * stalls, or sends a byte at a time, holds only a connection, and the idle timeout closes it. A thread
 * runs a request once it is whole. Requests that may wait on another instance (objects, listings,
 * instances) take one of {@code maxQueries} places, and those forwarded by another instance, which
 * never forward again, one of {@code maxQueries} places of their own, so two instances forwarding to
 * each other cannot wait on each other; a request that finds no place gets a 503 at once. The thread
 * pool is larger than both together, so health checks and metrics always find a thread.
 */
public final class QueryServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QueryServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    /** Seconds a client should wait before retrying a 503: about one heartbeat plus a rebalance round. */
    static final String RETRY_AFTER_SECONDS = "2";
    /** Request line and headers together; a larger request is answered 431 (or 414 for the line alone). */
    static final int MAX_REQUEST_HEADER_BYTES = 16 * 1024;
    /** Open connections; beyond it Jetty stops accepting until one closes. */
    static final int MAX_CONNECTIONS = 1024;
    /** Threads beyond the query places: selectors, the acceptor, health, metrics and error answers. */
    private static final int SPARE_THREADS = 16;

    private static final String JSON_TYPE = "application/json; charset=utf-8";

    private final Server server;
    private final ServerConnector connector;
    private final Optional<byte[]> token;
    private final ForwardingMarker marker;
    /** With a peer secret, a valid MAC is proof enough; without one, the sender's address must be an instance's too. */
    private final boolean peerSecretSet;

    private final Semaphore clientQueries;
    private final Semaphore peerQueries;
    private final Clock clock = Clock.systemUTC();
    private Queries queries;

    private QueryServer(HttpSettings settings) {
        int maxQueries = settings.maxQueries();
        QueuedThreadPool threads = new QueuedThreadPool(2 * maxQueries + SPARE_THREADS, 4);
        threads.setName("seqgate-http");
        threads.setDaemon(true);
        server = new Server(threads);
        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        config.setSendXPoweredBy(false);
        config.setRequestHeaderSize(MAX_REQUEST_HEADER_BYTES);
        // Keys hold anything: '..', '%2F', '%5C' are text of a key, never path navigation here, and
        // the raw path is decoded by UrlPaths. Jetty's default would refuse them before the API sees them.
        config.setUriCompliance(UriCompliance.UNSAFE);
        connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(config));
        connector.setHost(settings.bindAddress());
        connector.setPort(settings.port());
        connector.setIdleTimeout(settings.idleTimeout().toMillis());
        // Headers and body of a small answer go out in one write anyway; this keeps Nagle's
        // algorithm from holding any tail back for the client's delayed ACK (~40 ms).
        connector.setAcceptedTcpNoDelay(true);
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(MAX_CONNECTIONS, server));
        server.setErrorHandler(new JsonErrors());
        token = settings.bearerToken().map(t -> t.getBytes(StandardCharsets.UTF_8));
        marker = new ForwardingMarker(settings.markerSecret());
        peerSecretSet = settings.peerSecret() != null;
        clientQueries = new Semaphore(maxQueries);
        peerQueries = new Semaphore(maxQueries);
    }

    /** Binds the port (so its number is known before Streams is told its {@code application.server}); serves nothing yet. */
    public static QueryServer bind(HttpSettings settings) throws IOException {
        QueryServer server = new QueryServer(settings);
        server.connector.open();
        return server;
    }

    public int port() {
        return connector.getLocalPort();
    }

    /**
     * @param queries answers state queries; closed with this server
     * @param state   Kafka Streams' state, for the health checks
     * @param stalled why a stream thread is stalled (not live although Streams runs), empty while none is
     * @param metrics the Prometheus text for {@code /metrics}
     */
    public synchronized void start(
            Queries queries,
            Supplier<KafkaStreams.State> state,
            Supplier<Optional<String>> stalled,
            Supplier<String> metrics) {
        this.queries = queries;
        server.setHandler(new Api(queries, state, stalled, metrics));
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the HTTP API on port " + port(), e);
        }
        LOG.info("HTTP API listening on {}:{}", connector.getHost(), port());
    }

    /** An answer: status, body and its type, extra headers. */
    private record Answer(int status, String contentType, byte[] body, Map<String, String> headers) {

        static Answer json(int status, Object body) {
            try {
                return new Answer(status, JSON_TYPE, JSON.writeValueAsBytes(body), new LinkedHashMap<>());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write the answer as JSON", e);
            }
        }

        static Answer error(int status, String message) {
            return json(status, errorBody(status, message));
        }

        Answer with(String header, String value) {
            headers.put(header, value);
            return this;
        }
    }

    private static Map<String, Object> errorBody(int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", message);
        return body;
    }

    private final class Api extends Handler.Abstract {

        private final Queries queries;
        private final Supplier<KafkaStreams.State> state;
        private final Supplier<Optional<String>> stalled;
        private final Supplier<String> metrics;

        Api(
                Queries queries,
                Supplier<KafkaStreams.State> state,
                Supplier<Optional<String>> stalled,
                Supplier<String> metrics) {
            this.queries = queries;
            this.state = state;
            this.stalled = stalled;
            this.metrics = metrics;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            String method = request.getMethod();
            String path = request.getHttpURI().getPath();
            Answer answer;
            try {
                if (!method.equals("GET") && !method.equals("HEAD")) {
                    answer =
                            Answer.error(405, "only GET and HEAD are supported").with("Allow", "GET, HEAD");
                } else if (path == null) {
                    answer = Answer.error(400, "the request has no path");
                } else if (path.equals("/health/live")) {
                    answer = live(state.get(), stalled.get());
                } else if (path.equals("/health/ready")) {
                    answer = ready(state.get());
                } else {
                    answer = authorized(request).orElseGet(() -> routeWithinCapacity(request, path));
                }
            } catch (BadRequest e) {
                answer = Answer.error(400, e.getMessage());
            } catch (StateUnavailableException e) {
                LOG.debug("503 for {}: {}", LogSafe.of(path), LogSafe.of(e.getMessage()));
                answer = Answer.error(503, e.getMessage()).with("Retry-After", RETRY_AFTER_SECONDS);
            } catch (RuntimeException e) {
                LOG.error("HTTP {} {} failed", LogSafe.of(method), LogSafe.of(path), e);
                answer = Answer.error(500, "internal error: " + e.getClass().getSimpleName());
            }
            send(response, callback, answer);
            return true;
        }

        /** A forwarded request takes a place of the peers' pool, any other one of the clients'. */
        private Answer routeWithinCapacity(Request request, String path) {
            String markerValue = request.getHeaders().get(ForwardingMarker.HEADER);
            boolean forwarded = markerValue != null;
            if (forwarded) {
                Optional<String> refused = checkMarker(request, markerValue);
                if (refused.isPresent()) {
                    return Answer.error(403, refused.get());
                }
            }
            boolean limited = path.equals("/instances") || path.equals("/objects") || path.startsWith("/objects/");
            if (!limited) {
                return route(request, path, false);
            }
            Semaphore places = forwarded ? peerQueries : clientQueries;
            if (!places.tryAcquire()) {
                return Answer.error(503, "too many queries in progress on this instance; retry shortly")
                        .with("Retry-After", "1");
            }
            try {
                return route(request, path, forwarded);
            } finally {
                places.release();
            }
        }

        private Optional<String> checkMarker(Request request, String value) {
            if (marker.signed()) {
                Optional<String> invalid =
                        marker.invalid(value, "GET", request.getHttpURI().getPathQuery(), clock.instant());
                if (invalid.isPresent() || peerSecretSet) {
                    return invalid;
                }
            }
            SocketAddress remote = request.getConnectionMetaData().getRemoteSocketAddress();
            InetAddress address = remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
            if (address == null || !queries.isPeer(address)) {
                return Optional.of("the forwarding marker is accepted only from another instance of this application");
            }
            return Optional.empty();
        }

        private Answer route(Request request, String path, boolean forwarded) {
            if (path.equals("/metrics")) {
                return new Answer(
                        200,
                        "text/plain; version=0.0.4; charset=utf-8",
                        metrics.get().getBytes(StandardCharsets.UTF_8),
                        new LinkedHashMap<>());
            } else if (path.equals("/instances")) {
                return Answer.json(200, new Peers.Instances(queries.instances(forwarded)));
            } else if (path.equals("/objects")) {
                return list(request, forwarded);
            } else if (path.startsWith("/objects/")) {
                return object(path.substring("/objects/".length()), forwarded);
            }
            return Answer.error(404, "no such endpoint: " + LogSafe.of(path));
        }

        private Answer object(String rest, boolean forwarded) {
            int slash = rest.indexOf('/');
            if (slash <= 0 || slash == rest.length() - 1) {
                throw new BadRequest("expected /objects/{bucket}/{key}, with the key percent-encoded where needed");
            }
            String bucket = bucket(decode(rest.substring(0, slash)));
            String key = decode(rest.substring(slash + 1));
            Optional<ObjectView> view = queries.object(bucket, key, forwarded);
            if (view.isPresent()) {
                return Answer.json(200, view.get());
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", 404);
            body.put(
                    "error",
                    "seqgate holds no state for this object: no create or remove event seen, or purged after the retention");
            body.put("bucket", bucket);
            body.put("key", key);
            return Answer.json(404, body);
        }

        private Answer list(Request request, boolean forwarded) {
            Map<String, String> params;
            try {
                params = UrlPaths.query(request.getHttpURI().getQuery());
            } catch (IllegalArgumentException e) {
                throw new BadRequest(e.getMessage());
            }
            if (params.get("bucket") == null) {
                throw new BadRequest("the query parameter 'bucket' is required");
            }
            String bucket = bucket(params.get("bucket"));
            int limit = DEFAULT_LIMIT;
            if (params.containsKey("limit")) {
                try {
                    limit = Integer.parseInt(params.get("limit"));
                } catch (NumberFormatException e) {
                    limit = -1;
                }
                if (limit < 1 || limit > MAX_LIMIT) {
                    throw new BadRequest("'limit' must be a whole number from 1 to " + MAX_LIMIT + ", got '"
                            + LogSafe.of(params.get("limit")) + "'");
                }
            }
            Optional<Set<Integer>> only = Optional.empty();
            if (forwarded && params.containsKey("partitions")) {
                try {
                    only = Optional.of(Arrays.stream(params.get("partitions").split(","))
                            .filter(s -> !s.isEmpty())
                            .map(Integer::valueOf)
                            .collect(Collectors.toSet()));
                } catch (NumberFormatException e) {
                    throw new BadRequest("'partitions' must be comma-separated partition numbers");
                }
            }
            String after = params.get("after");
            return Answer.json(
                    200,
                    queries.list(
                            bucket,
                            params.getOrDefault("prefix", ""),
                            after == null || after.isEmpty() ? null : after,
                            limit,
                            only));
        }

        /** Answers 401 (no token) or 403 (wrong token); empty when authorized or no token is configured. */
        private Optional<Answer> authorized(Request request) {
            if (token.isEmpty()) {
                return Optional.empty();
            }
            String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
            if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return Optional.of(
                        Answer.error(401, "a bearer token is required (Authorization: Bearer <SEQGATE_HTTP_TOKEN>)")
                                .with("WWW-Authenticate", "Bearer realm=\"seqgate\""));
            }
            byte[] given = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
            // Constant time: how much of a guess was right must not show in how long the refusal took.
            if (!MessageDigest.isEqual(given, token.get())) {
                return Optional.of(Answer.error(403, "the bearer token is not valid"));
            }
            return Optional.empty();
        }
    }

    private static Answer live(KafkaStreams.State state, Optional<String> stalled) {
        // ERROR and NOT_RUNNING do not come back by themselves, nor does a stream thread stalled in
        // the sink (docs/async-sink.md, "Liveness"): restarting the process is the cure.
        boolean failed = state == KafkaStreams.State.ERROR
                || state == KafkaStreams.State.PENDING_ERROR
                || state == KafkaStreams.State.NOT_RUNNING;
        boolean live = !failed && stalled.isEmpty();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("live", live);
        body.put("state", state.name());
        stalled.ifPresent(why -> body.put("stalled", why));
        return Answer.json(live ? 200 : 503, body);
    }

    private static Answer ready(KafkaStreams.State state) {
        boolean ready = state == KafkaStreams.State.RUNNING;
        Answer answer = Answer.json(ready ? 200 : 503, Map.of("ready", ready, "state", state.name()));
        return ready ? answer : answer.with("Retry-After", RETRY_AFTER_SECONDS);
    }

    private static String bucket(String name) {
        try {
            return BucketName.check(name);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
    }

    private static String decode(String raw) {
        try {
            return UrlPaths.decodePath(raw);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(LogSafe.of(e.getMessage()));
        }
    }

    private static void send(Response response, Callback callback, Answer answer) {
        response.setStatus(answer.status());
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(HttpHeader.CONTENT_TYPE, answer.contentType());
        headers.put(HttpHeader.CACHE_CONTROL, "no-store");
        headers.put(HttpHeader.CONTENT_LENGTH, answer.body().length);
        answer.headers().forEach(headers::put);
        response.write(true, ByteBuffer.wrap(answer.body()), callback);
    }

    /** A request this API cannot make sense of: 400 with the message. */
    private static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Errors Jetty answers itself — a request it cannot parse (400), a header or request line over
     * the limit (431, 414), a failure outside the API — in the API's JSON shape, never HTML.
     */
    private static final class JsonErrors extends ErrorHandler {

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            int status = response.getStatus() > 0 ? response.getStatus() : 500;
            Object message = request.getAttribute(ERROR_MESSAGE);
            send(
                    response,
                    callback,
                    Answer.error(
                            status, message == null ? HttpStatus.getMessage(status) : LogSafe.of(message.toString())));
            return true;
        }

        @Override
        public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
            fields.put(HttpHeader.CONTENT_TYPE, JSON_TYPE);
            try {
                return ByteBuffer.wrap(JSON.writeValueAsBytes(
                        errorBody(status, reason == null ? HttpStatus.getMessage(status) : LogSafe.of(reason))));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write an error as JSON", e);
            }
        }
    }

    /** Stops accepting, gives requests in progress a second, and stops the threads and the client to other instances. */
    @Override
    public synchronized void close() {
        server.setStopTimeout(1000);
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("The HTTP API did not stop cleanly: {}", e.toString());
        }
        if (queries != null) {
            queries.close();
        }
    }
}
