package io.seqgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seqgate.query.UrlPaths;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * {@code seqgate state [--url URL] bucket/key}: asks any instance's HTTP API what seqgate knows about
 * one object (the instance forwards to the owner) and prints the answer as indented JSON.
 *
 * <p>Exit codes: 0 found, 1 seqgate holds no state for the object, 2 usage, 3 the API could not answer.
 */
final class StateCommand {

    static final String USAGE = "usage: seqgate state [--url URL] bucket/key\n"
            + "  --url URL   any seqgate instance (default $SEQGATE_QUERY_URL, else http://127.0.0.1:8080)\n"
            + "  sends SEQGATE_HTTP_TOKEN as the bearer token when it is set\n";

    private static final ObjectMapper JSON = new ObjectMapper();

    private StateCommand() {}

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        String url = env.getOrDefault("SEQGATE_QUERY_URL", "http://127.0.0.1:8080");
        String object = null;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--url") && i + 1 < args.length) {
                url = args[++i];
            } else if (args[i].startsWith("-") || object != null) {
                err.print(USAGE);
                return 2;
            } else {
                object = args[i];
            }
        }
        int slash = object == null ? -1 : object.indexOf('/');
        if (slash <= 0 || slash == object.length() - 1) {
            err.print(USAGE);
            return 2;
        }
        URI uri;
        try {
            uri = URI.create(
                    url.replaceAll("/+$", "") + "/objects/" + UrlPaths.encode(object.substring(0, slash), false) + "/"
                            + UrlPaths.encode(object.substring(slash + 1), true));
        } catch (IllegalArgumentException e) {
            err.println("not a URL: " + url);
            return 2;
        }
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET();
        String token = env.get("SEQGATE_HTTP_TOKEN");
        if (token != null && !token.isBlank()) {
            request.header("Authorization", "Bearer " + token.trim());
        }
        HttpResponse<String> response;
        try {
            response = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .build()
                    .send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            err.println("cannot reach " + url + ": " + e);
            return 3;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 3;
        }
        String body = pretty(response.body());
        switch (response.statusCode()) {
            case 200 -> {
                out.println(body);
                return 0;
            }
            case 404 -> {
                out.println(body);
                return 1;
            }
            default -> {
                err.println(url + " answered " + response.statusCode()
                        + response.headers()
                                .firstValue("Retry-After")
                                .map(s -> " (retry after " + s + " s)")
                                .orElse("") + ": " + body);
                return 3;
            }
        }
    }

    private static String pretty(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (IOException e) {
            return body;
        }
    }
}
