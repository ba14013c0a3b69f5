package io.seqgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seqgate.config.Settings;
import io.seqgate.query.UrlPaths;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code seqgate state [--url URL] bucket/key}: asks any instance's HTTP API what seqgate knows about
 * one object (the instance forwards to the owner) and prints the answer as indented JSON.
 */
@Command(name = "state", resourceBundle = "io.seqgate.cli.usage.state")
final class StateCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Console console;

    @Option(names = "--url", paramLabel = "URL")
    String url;

    private String bucket;
    private String key;

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    StateCommand(Console console) {
        this.console = console;
    }

    /** The object, split into its bucket and its key as it is parsed: the first slash ends the bucket. */
    @Parameters(paramLabel = "B/KEY", descriptionKey = "object")
    void object(String object) {
        int slash = object.indexOf('/');
        if (slash <= 0 || slash == object.length() - 1) {
            throw new ParameterException(
                    spec.commandLine(), "B/KEY: expected a bucket, a slash and a key, got '" + object + "'");
        }
        bucket = object.substring(0, slash);
        key = object.substring(slash + 1);
    }

    @Override
    public Integer call() {
        String instance = instance();
        URI uri;
        try {
            uri = URI.create(instance.replaceAll("/+$", "") + "/objects/" + UrlPaths.encode(bucket, false) + "/"
                    + UrlPaths.encode(key, true));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--url: not a URL: " + instance);
        }
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET();
        String token = Settings.HTTP_TOKEN.valueIn(console.env());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response;
        try {
            response = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .build()
                    .send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            console.err().println("cannot reach " + instance + ": " + e);
            return 3;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 3;
        }
        String body = pretty(response.body());
        switch (response.statusCode()) {
            case 200 -> {
                console.out().println(body);
                return 0;
            }
            case 404 -> {
                console.out().println(body);
                return 1;
            }
            default -> {
                console.err()
                        .println(instance + " answered " + response.statusCode()
                                + response.headers()
                                        .firstValue("Retry-After")
                                        .map(s -> " (retry after " + s + " s)")
                                        .orElse("")
                                + ": " + body);
                return 3;
            }
        }
    }

    /** The instance asked: {@code --url}, else {@code SEQGATE_QUERY_URL}, else this host's port 8080. */
    String instance() {
        return url != null ? url : Settings.QUERY_URL.valueIn(console.env());
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
