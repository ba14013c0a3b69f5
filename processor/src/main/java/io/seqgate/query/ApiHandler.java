package io.seqgate.query;

import io.seqgate.event.LogSafe;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routes of the HTTP API ({@link QueryServer} lists them): parses a request, asks {@link Access}
 * whether it may be served, keeps requests that may wait on another instance within their places,
 * calls {@link Queries}, and maps every failure mode to its status.
 */
final class ApiHandler extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    /** Seconds a client should wait before retrying a 503: about one heartbeat plus a rebalance round. */
    static final String RETRY_AFTER_SECONDS = "2";

    private final Access access;
    private final Queries queries;
    private final Supplier<KafkaStreams.State> state;
    private final Supplier<Optional<String>> stalled;
    private final Supplier<String> metrics;
    private final Semaphore clientQueries;
    private final Semaphore peerQueries;

    /** @param maxQueries places for clients' requests, and as many again for those forwarded by other instances */
    ApiHandler(
            Access access,
            int maxQueries,
            Queries queries,
            Supplier<KafkaStreams.State> state,
            Supplier<Optional<String>> stalled,
            Supplier<String> metrics) {
        this.access = access;
        this.queries = queries;
        this.state = state;
        this.stalled = stalled;
        this.metrics = metrics;
        clientQueries = new Semaphore(maxQueries);
        peerQueries = new Semaphore(maxQueries);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String method = request.getMethod();
        String path = request.getHttpURI().getPath();
        Answer answer;
        try {
            if (!method.equals("GET") && !method.equals("HEAD")) {
                answer = Answer.error(405, "only GET and HEAD are supported").with("Allow", "GET, HEAD");
            } else if (path == null) {
                answer = Answer.error(400, "the request has no path");
            } else if (path.equals("/health/live")) {
                answer = live(state.get(), stalled.get());
            } else if (path.equals("/health/ready")) {
                answer = ready(state.get());
            } else {
                answer = access.authorized(request).orElseGet(() -> routeWithinCapacity(request, path));
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
        answer.send(response, callback);
        return true;
    }

    /** A forwarded request takes a place of the peers' pool, any other one of the clients'. */
    private Answer routeWithinCapacity(Request request, String path) {
        String markerValue = request.getHeaders().get(ForwardingMarker.HEADER);
        boolean forwarded = markerValue != null;
        if (forwarded) {
            Optional<String> refused = access.refusedMarker(request, markerValue, queries::isPeer);
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
}
