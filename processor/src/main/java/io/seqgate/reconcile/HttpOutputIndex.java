package io.seqgate.reconcile;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seqgate.query.ObjectPage;
import io.seqgate.query.ObjectView;
import io.seqgate.query.UrlPaths;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link OutputIndex} of a running application, read through any instance's HTTP API
 * ({@code GET /objects?bucket=…&prefix=…&after=…}, which gathers the pages of every instance in key order):
 * what {@code seqgate reconcile} uses when it runs beside the processors.
 */
public final class HttpOutputIndex implements OutputIndex {

    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** A rebalance answers 503 for seconds: a page is asked this many times before the index gives up. */
    private static final int ATTEMPTS = 5;

    private final String baseUrl;
    private final String token;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * @param baseUrl any instance, e.g. {@code http://127.0.0.1:8080} ({@code SEQGATE_QUERY_URL})
     * @param token   the bearer token ({@code SEQGATE_HTTP_TOKEN}), or null
     */
    public HttpOutputIndex(String baseUrl, String token) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.token = token;
    }

    @Override
    public Page page(String bucket, String prefix, String after, int limit) throws InterruptedException {
        String query = "/objects?bucket=" + UrlPaths.encode(bucket, false) + "&prefix=" + UrlPaths.encode(prefix, false)
                + "&limit=" + limit + (after == null ? "" : "&after=" + UrlPaths.encode(after, false));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + query))
                .timeout(TIMEOUT)
                .GET();
        if (token != null && !token.isBlank()) {
            request.header("Authorization", "Bearer " + token.trim());
        }
        for (int attempt = 1; ; attempt++) {
            HttpResponse<byte[]> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                throw new IndexUnavailableException("cannot reach " + baseUrl + ": " + e, e);
            }
            if (response.statusCode() == 200) {
                return decode(response.body());
            }
            if (response.statusCode() != 503 || attempt == ATTEMPTS) {
                throw new IndexUnavailableException(
                        baseUrl + query + " answered " + response.statusCode() + ": "
                                + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8),
                        null);
            }
            Thread.sleep(1000L * attempt);
        }
    }

    private static Page decode(byte[] body) {
        try {
            ObjectPage page = JSON.readValue(body, ObjectPage.class);
            List<Entry> entries = new ArrayList<>(page.objects().size());
            for (ObjectView view : page.objects()) {
                entries.add(new Entry(
                        view.key(), view.output() == null ? null : view.output().record()));
            }
            return new Page(entries, page.next());
        } catch (IOException e) {
            throw new IndexUnavailableException("an answer of /objects that is not a page of objects: " + e, e);
        }
    }
}
