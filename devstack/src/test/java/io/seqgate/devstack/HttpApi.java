package io.seqgate.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seqgate.query.UrlPaths;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** A client of seqgate's HTTP API for tests: GET with an optional bearer token, JSON bodies parsed. */
final class HttpApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** One answer; {@code json} is null when the body is not JSON (only {@code /metrics}). */
    record Answer(int status, String body, JsonNode json, Optional<String> retryAfter) {}

    private HttpApi() {}

    static String objectPath(String bucket, String key) {
        return "/objects/" + UrlPaths.encode(bucket, false) + "/" + UrlPaths.encode(key, true);
    }

    static Answer get(String baseUrl, String pathAndQuery, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                .timeout(Duration.ofSeconds(15))
                .GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            if (response.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
                json = JSON.readTree(response.body());
            }
            return new Answer(
                    response.statusCode(),
                    response.body(),
                    json,
                    response.headers().firstValue("Retry-After"));
        } catch (IOException e) {
            throw new IllegalStateException("GET " + baseUrl + pathAndQuery + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Sends a request line as given, for paths {@link java.net.URI} refuses to build (broken escapes);
     * returns the status code and the body.
     */
    static Map.Entry<Integer, String> raw(String baseUrl, String rawPath, String token) {
        return raw(baseUrl, rawPath, token, null);
    }

    /** As {@link #raw(String, String, String)}, with one more header line (or null). */
    static Map.Entry<Integer, String> raw(String baseUrl, String rawPath, String token, String header) {
        URI base = URI.create(baseUrl);
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            String request = "GET " + rawPath + " HTTP/1.1\r\nHost: " + base.getAuthority() + "\r\n"
                    + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
                    + (header == null ? "" : header + "\r\n") + "Connection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(response.substring(9, 12));
            return Map.entry(status, response.substring(response.indexOf("\r\n\r\n") + 4));
        } catch (IOException e) {
            throw new IllegalStateException("GET " + rawPath + " failed: " + e, e);
        }
    }

    /** The value of one sample in a Prometheus text scrape, 0 when absent. */
    static double sample(String scrape, String nameAndLabels) {
        return scrape.lines()
                .filter(l -> l.startsWith(nameAndLabels + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElse(0);
    }
}
