package io.seqgate.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.streams.state.HostInfo;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Asks other instances of the application over their HTTP API. It only ever connects to a
 * {@link HostInfo} taken from Kafka Streams metadata, never to an address found in a request, and
 * marks every request with a {@link ForwardingMarker} so that the receiver answers from its own
 * stores and never forwards again.
 *
 * <p>Jetty's client: non-blocking I/O on a small pool of its own, TCP_NODELAY set (with Nagle and
 * delayed ACKs a small answer could wait ~40 ms), a bounded queue per peer that refuses at once when
 * full rather than letting callers pile up.
 */
final class Peers implements AutoCloseable {

    /** A dead peer on a LAN refuses at once; these bound a hung one. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(3);
    /** Largest answer read from a peer: a page of 1 000 objects is well under it. */
    private static final int MAX_ANSWER_BYTES = 8 * 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;
    private final String self;
    private final Optional<String> token;
    private final ForwardingMarker marker;
    private final Clock clock;

    /**
     * @param self   this instance's {@code application.server}, sent as the marker's sender
     * @param token  the bearer token the instances share, if one is configured
     * @param marker signs the forwarding marker
     * @param maxRequestsPerPeer requests to one peer at once, queued ones included; more fail at once
     * @param peerIdleTimeout    how long peers keep an idle connection open: this client closes its
     *                           own sooner, so it never sends on a connection the peer is closing
     */
    Peers(
            String self,
            Optional<String> token,
            ForwardingMarker marker,
            int maxRequestsPerPeer,
            Duration peerIdleTimeout) {
        this.self = self;
        this.token = token;
        this.marker = marker;
        this.clock = Clock.systemUTC();
        ClientConnector connector = new ClientConnector();
        connector.setTCPNoDelay(true);
        connector.setConnectTimeout(CONNECT_TIMEOUT);
        QueuedThreadPool threads = new QueuedThreadPool(8, 2);
        threads.setName("seqgate-peers");
        threads.setDaemon(true);
        connector.setExecutor(threads);
        client = new HttpClient(new HttpClientTransportOverHTTP(connector));
        client.setExecutor(threads);
        client.setFollowRedirects(false);
        client.setMaxConnectionsPerDestination(maxRequestsPerPeer);
        client.setMaxRequestsQueuedPerDestination(maxRequestsPerPeer);
        client.setIdleTimeout(peerIdleTimeout.toMillis() / 2);
        // No User-Agent with a version in it; nothing to learn about this instance from its requests.
        client.setUserAgentField(null);
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the HTTP client that asks other instances", e);
        }
    }

    /** The peer could not answer: unreachable, timed out, too busy, or answered with an error. */
    static final class Unreachable extends Exception {
        Unreachable(String message) {
            super(message, null, false, false);
        }
    }

    /** {@code GET /objects/{bucket}/{key}} on {@code host}: the view, or empty for its 404. */
    Optional<ObjectView> object(HostInfo host, String bucket, String key) throws Unreachable {
        ContentResponse response =
                get(host, "/objects/" + UrlPaths.encode(bucket, false) + "/" + UrlPaths.encode(key, true));
        if (response.getStatus() == 404) {
            return Optional.empty();
        }
        return Optional.of(parse(host, response, ObjectView.class));
    }

    /** {@code GET /objects?...&partitions=...} on {@code host}: its page of those partitions. */
    ObjectPage list(HostInfo host, String bucket, String prefix, String after, int limit, Set<Integer> partitions)
            throws Unreachable {
        StringBuilder path = new StringBuilder("/objects?bucket=")
                .append(UrlPaths.encode(bucket, false))
                .append("&prefix=")
                .append(UrlPaths.encode(prefix, false))
                .append("&limit=")
                .append(limit)
                .append("&partitions=")
                .append(partitions.stream().map(String::valueOf).collect(Collectors.joining(",")));
        if (after != null) {
            path.append("&after=").append(UrlPaths.encode(after, false));
        }
        return parse(host, get(host, path.toString()), ObjectPage.class);
    }

    /** {@code GET /instances} on {@code host}, answered about itself alone. */
    InstanceView instance(HostInfo host) throws Unreachable {
        List<InstanceView> answer =
                parse(host, get(host, "/instances"), Instances.class).instances();
        if (answer == null || answer.size() != 1) {
            throw new Unreachable(host + " did not describe itself");
        }
        return answer.get(0);
    }

    /** The body of {@code GET /instances}. */
    record Instances(List<InstanceView> instances) {}

    private ContentResponse get(HostInfo host, String pathAndQuery) throws Unreachable {
        Request request = client.newRequest("http://" + host.host() + ":" + host.port() + pathAndQuery)
                .method("GET")
                .timeout(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .headers(h -> {
                    h.put(ForwardingMarker.HEADER, marker.value(self, "GET", pathAndQuery, clock.instant()));
                    h.put(HttpHeader.ACCEPT, "application/json");
                    token.ifPresent(t -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + t));
                });
        try {
            // The request's own timeout completes the future exceptionally; get() never waits longer.
            return new CompletableResponseListener(request, MAX_ANSWER_BYTES)
                    .send()
                    .get();
        } catch (ExecutionException e) {
            throw new Unreachable(host + ": " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable(host + ": interrupted");
        }
    }

    private static <T> T parse(HostInfo host, ContentResponse response, Class<T> type) throws Unreachable {
        if (response.getStatus() != 200) {
            throw new Unreachable(host + " answered " + response.getStatus() + ": " + response.getContentAsString());
        }
        try {
            return JSON.readValue(response.getContent(), type);
        } catch (IOException e) {
            throw new Unreachable(host + " answered with JSON this version cannot read: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            client.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the HTTP client that asks other instances", e);
        }
    }
}
