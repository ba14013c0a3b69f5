package io.seqgate.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Asks other instances of the application over their HTTP API. It only ever connects to a
 * {@link HostInfo} taken from Kafka Streams metadata, never to an address found in a request, and
 * marks every request with {@link #FORWARDED} so that the receiver answers from its own stores and
 * never forwards again.
 */
final class Peers {

    /** Marks a request one instance sent another; its value names the sender, for logs only. */
    static final String FORWARDED = "X-Seqgate-Forwarded";

    /** A dead peer on a LAN refuses at once; these bound a hung one. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(3);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    private final String self;
    private final Optional<String> token;

    /**
     * @param self  this instance's {@code application.server}, sent as the marker's value
     * @param token the bearer token the instances share, if one is configured
     */
    Peers(String self, Optional<String> token) {
        this.self = self;
        this.token = token;
    }

    /** The peer could not answer: unreachable, timed out, or answered with an error. */
    static final class Unreachable extends Exception {
        Unreachable(String message) {
            super(message, null, false, false);
        }
    }

    /** {@code GET /objects/{bucket}/{key}} on {@code host}: the view, or empty for its 404. */
    Optional<ObjectView> object(HostInfo host, String bucket, String key) throws Unreachable {
        HttpResponse<String> response = get(host, "/objects/" + UrlPaths.encode(bucket, false) + "/" + UrlPaths.encode(key, true));
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        return Optional.of(parse(host, response, ObjectView.class));
    }

    /** {@code GET /objects?...&partitions=...} on {@code host}: its page of those partitions. */
    ObjectPage list(HostInfo host, String bucket, String prefix, String after, int limit, Set<Integer> partitions)
            throws Unreachable {
        StringBuilder path = new StringBuilder("/objects?bucket=").append(UrlPaths.encode(bucket, false))
                .append("&prefix=").append(UrlPaths.encode(prefix, false))
                .append("&limit=").append(limit)
                .append("&partitions=").append(partitions.stream().map(String::valueOf).collect(Collectors.joining(",")));
        if (after != null) {
            path.append("&after=").append(UrlPaths.encode(after, false));
        }
        return parse(host, get(host, path.toString()), ObjectPage.class);
    }

    /** {@code GET /instances} on {@code host}, answered about itself alone. */
    InstanceView instance(HostInfo host) throws Unreachable {
        List<InstanceView> answer = parse(host, get(host, "/instances"), Instances.class).instances();
        if (answer == null || answer.size() != 1) {
            throw new Unreachable(host + " did not describe itself");
        }
        return answer.get(0);
    }

    /** The body of {@code GET /instances}. */
    record Instances(List<InstanceView> instances) {
    }

    private HttpResponse<String> get(HostInfo host, String pathAndQuery) throws Unreachable {
        URI uri = URI.create("http://" + host.host() + ":" + host.port() + pathAndQuery);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).GET()
                .header(FORWARDED, self)
                .header("Accept", "application/json");
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new Unreachable(host + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable(host + ": interrupted");
        }
    }

    private static <T> T parse(HostInfo host, HttpResponse<String> response, Class<T> type) throws Unreachable {
        if (response.statusCode() != 200) {
            throw new Unreachable(host + " answered " + response.statusCode() + ": " + response.body());
        }
        try {
            return JSON.readValue(response.body(), type);
        } catch (IOException e) {
            throw new Unreachable(host + " answered with JSON this version cannot read: " + e.getMessage());
        }
    }
}
