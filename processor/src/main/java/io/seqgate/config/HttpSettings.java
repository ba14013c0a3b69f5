package io.seqgate.config;

import java.util.Optional;

/**
 * The HTTP server every instance runs for state queries, health and metrics.
 *
 * @param bindAddress the address to listen on ({@code SEQGATE_HTTP_BIND}); {@code 0.0.0.0} so that
 *                    the other instances can forward to it, {@code 127.0.0.1} for a laptop
 * @param port        the port ({@code SEQGATE_HTTP_PORT}); 0 picks a free one, {@link #OFF} runs no server
 * @param token       the bearer token every request but the health checks must carry
 *                    ({@code SEQGATE_HTTP_TOKEN}), or null to require none; never printed
 */
public record HttpSettings(String bindAddress, int port, String token) {

    public static final int OFF = -1;

    public boolean enabled() {
        return port != OFF;
    }

    public Optional<String> bearerToken() {
        return Optional.ofNullable(token);
    }

    /** For logs and banners: where it listens and whether a token is required, never the token. */
    public String describe() {
        if (!enabled()) {
            return "off";
        }
        return bindAddress + ":" + (port == 0 ? "(any free port)" : port) + (token == null ? ", no token" : ", bearer token required");
    }

    @Override
    public String toString() {
        return "HttpSettings[" + describe() + "]";
    }
}
