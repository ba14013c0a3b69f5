package io.seqgate.query;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The header one instance sets on a request it forwards to another, which makes the receiver answer
 * from its own stores (a standby's stale copy included) and never forward again. A client that could
 * set it would get standby answers, a 503 for a missing key or a partial listing, so only peers may.
 *
 * <p>With a secret, the value is {@code sender;millis;mac}: an HMAC-SHA256 of the method, the path
 * with its query, the sender and the time, under a key derived from the secret (an HMAC of a fixed
 * label, so the secret itself keys nothing else). It cannot be moved to another path and expires after
 * {@link #MAX_AGE}. The secret is {@code SEQGATE_HTTP_PEER_SECRET}, which only the instances hold;
 * without it the bearer token, which clients hold too, so the receiver also requires the sender's
 * address to be one of an instance Streams names ({@link Queries#isPeer}). Without either, only the
 * address is checked. docs/operations.md "Inspect state" tells which to use.
 */
final class ForwardingMarker {

    static final String HEADER = "X-Seqgate-Forwarded";
    /** How old a signed marker may be, and how far the clocks of two instances may differ. */
    static final Duration MAX_AGE = Duration.ofSeconds(30);

    private static final String LABEL = "seqgate forwarding marker v1";

    private final Optional<SecretKeySpec> key;

    /** @param secret the peer secret, else the bearer token, else empty */
    ForwardingMarker(Optional<String> secret) {
        this.key = secret.map(t -> new SecretKeySpec(
                mac(new SecretKeySpec(t.getBytes(StandardCharsets.UTF_8), "HmacSHA256"), LABEL), "HmacSHA256"));
    }

    /** Whether markers carry a MAC; when not, the sender's address alone is checked. */
    boolean signed() {
        return key.isPresent();
    }

    /** The header value for a request {@code sender} sends now. */
    String value(String sender, String method, String pathAndQuery, Instant now) {
        if (key.isEmpty()) {
            return sender;
        }
        long millis = now.toEpochMilli();
        return sender + ";" + millis + ";"
                + Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(mac(key.get(), signedText(sender, millis, method, pathAndQuery)));
    }

    /**
     * Checks a signed marker (only when {@link #signed()}).
     *
     * @return empty when valid, else why not (for a 403 answer)
     */
    Optional<String> invalid(String value, String method, String pathAndQuery, Instant now) {
        String[] parts = value.split(";", -1);
        if (parts.length != 3) {
            return Optional.of("the forwarding marker is not one another instance sent");
        }
        long millis;
        byte[] given;
        try {
            millis = Long.parseLong(parts[1]);
            given = Base64.getUrlDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            return Optional.of("the forwarding marker is not one another instance sent");
        }
        if (Math.abs(now.toEpochMilli() - millis) > MAX_AGE.toMillis()) {
            return Optional.of("the forwarding marker has expired (or the instances' clocks differ by more than "
                    + MAX_AGE.toSeconds() + " s)");
        }
        byte[] expected = mac(key.orElseThrow(), signedText(parts[0], millis, method, pathAndQuery));
        if (!MessageDigest.isEqual(expected, given)) {
            return Optional.of("the forwarding marker is not one another instance sent");
        }
        return Optional.empty();
    }

    private static String signedText(String sender, long millis, String method, String pathAndQuery) {
        return method + "\n" + pathAndQuery + "\n" + sender + "\n" + millis;
    }

    private static byte[] mac(SecretKeySpec key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
