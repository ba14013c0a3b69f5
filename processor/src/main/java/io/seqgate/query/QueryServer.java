package io.seqgate.query;

import io.seqgate.config.HttpSettings;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API of one instance, on Jetty (docs/operations.md "Why Jetty"): this class sets Jetty up and runs it. A
 * thin layer: {@link ApiHandler} parses the request, {@link Access} checks the token, the handler calls
 * {@link Queries} and maps every failure mode to a status explicitly — 400 bad
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
    /** Request line and headers together; a larger request is answered 431 (or 414 for the line alone). */
    static final int MAX_REQUEST_HEADER_BYTES = 16 * 1024;
    /** Open connections; beyond it Jetty stops accepting until one closes. */
    static final int MAX_CONNECTIONS = 1024;
    /** Threads beyond the query places: selectors, the acceptor, health, metrics and error answers. */
    private static final int SPARE_THREADS = 16;

    private final Server server;
    private final ServerConnector connector;
    private final Access access;
    private final int maxQueries;
    private Queries queries;

    private QueryServer(HttpSettings settings) {
        maxQueries = settings.maxQueries();
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
        access = new Access(settings);
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
        server.setHandler(new ApiHandler(access, maxQueries, queries, state, stalled, metrics));
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the HTTP API on port " + port(), e);
        }
        LOG.info("HTTP API listening on {}:{}", connector.getHost(), port());
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
