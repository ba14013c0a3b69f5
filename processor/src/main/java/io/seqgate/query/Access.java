package io.seqgate.query;

import io.seqgate.config.HttpSettings;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Predicate;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/** Who may ask: the bearer token of clients, and the forwarding marker only another instance may set. */
final class Access {

    private final Optional<byte[]> token;
    private final ForwardingMarker marker;
    /** With a peer secret, a valid MAC is proof enough; without one, the sender's address must be an instance's too. */
    private final boolean peerSecretSet;

    private final Clock clock = Clock.systemUTC();

    Access(HttpSettings settings) {
        token = settings.bearerToken().map(t -> t.getBytes(StandardCharsets.UTF_8));
        marker = new ForwardingMarker(settings.markerSecret());
        peerSecretSet = settings.peerSecret() != null;
    }

    /** Answers 401 (no token) or 403 (wrong token); empty when authorized or no token is configured. */
    Optional<Answer> authorized(Request request) {
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

    /**
     * Why a request carrying the forwarding marker {@code value} is refused, empty if it is accepted.
     *
     * @param isPeer whether an address is another instance's
     */
    Optional<String> refusedMarker(Request request, String value, Predicate<InetAddress> isPeer) {
        if (marker.signed()) {
            Optional<String> invalid =
                    marker.invalid(value, "GET", request.getHttpURI().getPathQuery(), clock.instant());
            if (invalid.isPresent() || peerSecretSet) {
                return invalid;
            }
        }
        SocketAddress remote = request.getConnectionMetaData().getRemoteSocketAddress();
        InetAddress address = remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
        if (address == null || !isPeer.test(address)) {
            return Optional.of("the forwarding marker is accepted only from another instance of this application");
        }
        return Optional.empty();
    }
}
