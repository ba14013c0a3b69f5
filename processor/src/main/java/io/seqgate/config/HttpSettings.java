package io.seqgate.config;

import java.time.Duration;
import java.util.Optional;

/**
 * The HTTP server every instance runs for state queries, health and metrics.
 *
 * @param bindAddress the address to listen on ({@code SEQGATE_HTTP_BIND}); {@code 0.0.0.0} so that
 *                    the other instances can forward to it, {@code 127.0.0.1} for a laptop
 * @param port        the port ({@code SEQGATE_HTTP_PORT}); 0 picks a free one, {@link #OFF} runs no server
 * @param token       the bearer token every request but the health checks must carry
 *                    ({@code SEQGATE_HTTP_TOKEN}), or null to require none; never printed
 * @param peerSecret  the secret the instances sign forwarded requests with
 *                    ({@code SEQGATE_HTTP_PEER_SECRET}), or null to sign with the token; never printed
 * @param idleTimeout how long a connection may send nothing, in the middle of a request or between
 *                    requests, before it is closed ({@code SEQGATE_HTTP_IDLE_TIMEOUT})
 * @param maxQueries  object, listing and instance requests answered at once
 *                    ({@code SEQGATE_HTTP_MAX_QUERIES}); more get a fast 503. Requests forwarded by
 *                    other instances have as many places of their own, and health checks and
 *                    metrics need none
 */
public record HttpSettings(
        String bindAddress, int port, String token, String peerSecret, Duration idleTimeout, int maxQueries) {

    public static final int OFF = -1;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_QUERIES = 64;

    /** With the default limits and no peer secret. */
    public HttpSettings(String bindAddress, int port, String token) {
        this(bindAddress, port, token, null, DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_QUERIES);
    }

    public boolean enabled() {
        return port != OFF;
    }

    public Optional<String> bearerToken() {
        return Optional.ofNullable(token);
    }

    /** What forwarded requests are signed with: the peer secret, else the token, else nothing. */
    public Optional<String> markerSecret() {
        return Optional.ofNullable(peerSecret).or(this::bearerToken);
    }

    /** For logs and banners: where it listens and whether a token is required, never the token. */
    public String describe() {
        if (!enabled()) {
            return "off";
        }
        return bindAddress + ":" + (port == 0 ? "(any free port)" : port)
                + (token == null ? ", no token" : ", bearer token required")
                + (peerSecret == null ? "" : ", peer secret set");
    }

    @Override
    public String toString() {
        return "HttpSettings[" + describe() + "]";
    }
}
