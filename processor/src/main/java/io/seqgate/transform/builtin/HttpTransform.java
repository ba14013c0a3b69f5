package io.seqgate.transform.builtin;

import io.seqgate.transform.SimpleTransformProvider;
import io.seqgate.transform.Transform;
import io.seqgate.transform.TransformInput;
import io.seqgate.transform.TransformOutput;
import io.seqgate.transform.TransformSetting;
import io.seqgate.transform.TransientTransformException;
import io.seqgate.transform.UnsupportedObjectException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The {@code http} transform: POSTs the input to a service of the user's and takes its answer as the
 * output. The request carries the input's bytes with its content type, and headers naming the object:
 * {@value #BUCKET}, {@value #KEY} (UTF-8, percent-encoded), {@value #VERSION_ID}, {@value #ETAG} and
 * {@value #SEQUENCER} (each when known). The answer:
 * <ul>
 *   <li>{@code 200}: its body is the output, with its {@code Content-Type} (or
 *       {@code application/octet-stream} when it names none);</li>
 *   <li>{@code 415} or {@code 422}: the service cannot handle this object; the event ends UNSUPPORTED
 *       with the body's text (its first {@value #MAX_REASON_CHARS} characters) as the reason;</li>
 *   <li>{@code 5xx}, {@code 408}, {@code 429}, no answer within {@code SEQGATE_TRANSFORM_HTTP_TIMEOUT},
 *       a refused or broken connection, an answer that is not HTTP: tried again within the sink's retry
 *       budget ({@code SEQGATE_S3_RETRY_BUDGET}), then FAILED;</li>
 *   <li>a body over {@code SEQGATE_MAX_OBJECT_BYTES}: UNSUPPORTED, without reading the rest;</li>
 *   <li>any other status (a redirect, 404, 401, ...): FAILED at once, since the same request will get
 *       the same answer: the URL or the service is wrong.</li>
 * </ul>
 * At most {@code SEQGATE_TRANSFORM_HTTP_CONNECTIONS} requests are open at once; more wait for a
 * connection, within their timeout. Redirects are not followed.
 */
public final class HttpTransform implements Transform {

    public static final String BUCKET = "seqgate-bucket";
    public static final String KEY = "seqgate-key";
    public static final String VERSION_ID = "seqgate-version-id";
    public static final String ETAG = "seqgate-etag";
    public static final String SEQUENCER = "seqgate-sequencer";

    static final int MAX_REASON_CHARS = 500;
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /**
     * The longest {@code SEQGATE_TRANSFORM_HTTP_TIMEOUT}. An event may call the service three times past
     * its retry budget, and Kafka's transaction timeout is three times the longest event: with the other
     * defaults, 60 s keeps it under the broker's default {@code transaction.max.timeout.ms} (15 min).
     */
    static final Duration MAX_TIMEOUT = Duration.ofSeconds(60);

    static final int DEFAULT_CONNECTIONS = 32;

    /** How long after the request's own timeout the caller still waits for the client to give up. */
    private static final Duration GRACE = Duration.ofSeconds(1);

    private static final String UNKNOWN_CONTENT_TYPE = "application/octet-stream";

    private final URI url;
    private final String target;
    private final Duration timeout;
    private final long maxObjectBytes;
    private final HttpClient client;

    /**
     * @param url            where to POST (http or https)
     * @param timeout        the longest one request may take, answer body included
     * @param connections    requests open at once, at most
     * @param maxObjectBytes the largest answer taken as an output
     */
    public HttpTransform(URI url, Duration timeout, int connections, long maxObjectBytes) {
        this.url = Objects.requireNonNull(url, "url");
        this.target = describe(url);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.maxObjectBytes = maxObjectBytes;
        QueuedThreadPool threads = new QueuedThreadPool(Math.max(8, Math.min(connections, 64)), 2);
        threads.setName("seqgate-transform-http");
        threads.setDaemon(true);
        client = new HttpClient();
        client.setExecutor(threads);
        client.setFollowRedirects(false);
        client.setConnectTimeout(timeout.toMillis());
        client.setIdleTimeout(timeout.toMillis());
        client.setMaxConnectionsPerDestination(connections);
        client.setUserAgentField(null);
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the HTTP client of the http transform", e);
        }
    }

    /** Finds {@code http}. */
    public static final class Provider extends SimpleTransformProvider {

        private static final List<TransformSetting> SETTINGS = List.of(
                TransformSetting.url("URL", null, "the service the input is POSTed to, e.g. http://thumbnailer:8080/"),
                TransformSetting.duration(
                        "TIMEOUT",
                        DEFAULT_TIMEOUT.toSeconds() + "s",
                        MAX_TIMEOUT,
                        "the longest one request may take, answer included, at most 60s; then it is tried"
                                + " again within SEQGATE_S3_RETRY_BUDGET"),
                TransformSetting.wholeNumber(
                        "CONNECTIONS",
                        DEFAULT_CONNECTIONS,
                        1,
                        1024,
                        "requests open at once, at most; more wait for a connection within their timeout"),
                TransformSetting.text(
                                "VERSION",
                                "1",
                                "your service's version: change it when the service's output changes, and seqgate"
                                        + " reconcile derives every output again")
                        .shapingOutput());

        public Provider() {
            super(
                    "http",
                    "1",
                    "POSTs the input to a service of yours (URL) and writes its answer",
                    SETTINGS,
                    settings -> new HttpTransform(
                            settings.url("URL"),
                            settings.duration("TIMEOUT"),
                            (int) settings.wholeNumber("CONNECTIONS"),
                            settings.maxObjectBytes()));
        }
    }

    @Override
    public Optional<Duration> maxCallTime() {
        return Optional.of(timeout.plus(GRACE));
    }

    @Override
    public TransformOutput apply(TransformInput input)
            throws UnsupportedObjectException, TransientTransformException, InterruptedException {
        Request request = client.newRequest(url)
                .method("POST")
                .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .headers(h -> {
                    h.put(BUCKET, input.bucket());
                    h.put(KEY, percentEncoded(input.key()));
                    putIfKnown(h, VERSION_ID, input.versionId());
                    putIfKnown(h, ETAG, input.eTag());
                    putIfKnown(h, SEQUENCER, input.sequencer());
                })
                .body(new BytesRequestContent(contentTypeOf(input), input.bytes()));
        InputStreamResponseListener listener = new InputStreamResponseListener();
        request.send(listener);
        Response response;
        try {
            response = listener.get(timeout.plus(GRACE).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            abort(request, e);
            throw e;
        } catch (TimeoutException e) {
            abort(request, e);
            throw new TransientTransformException(noAnswer());
        } catch (ExecutionException e) {
            throw failed(e.getCause());
        }
        try (InputStream body = listener.getInputStream()) {
            int status = response.getStatus();
            if (status == 200) {
                return new TransformOutput(output(response, body), contentTypeOf(response));
            }
            String text = text(body);
            if (status == 415 || status == 422) {
                throw new UnsupportedObjectException("the transform service refused the object (HTTP " + status + ")"
                        + (text.isEmpty() ? "" : ": " + text));
            }
            String answered = "POST " + target + " answered HTTP " + status + (text.isEmpty() ? "" : ": " + text);
            if (status >= 500 || status == 408 || status == 429) {
                throw new TransientTransformException(answered);
            }
            throw new IllegalStateException(answered + " (not retried: the same request gets the same answer)");
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public void close() {
        try {
            client.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the HTTP client of the http transform", e);
        }
    }

    /** The answer's body, never more than the limit: a longer one is refused without reading the rest. */
    private byte[] output(Response response, InputStream body) throws IOException, UnsupportedObjectException {
        long length = response.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
        if (length > maxObjectBytes) {
            throw tooLarge(length + " bytes");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(length > 0 ? (int) length : 8192);
        byte[] buffer = new byte[8192];
        long total = 0;
        for (int n; (n = body.read(buffer)) != -1; ) {
            total += n;
            if (total > maxObjectBytes) {
                throw tooLarge("larger than that");
            }
            bytes.write(buffer, 0, n);
        }
        return bytes.toByteArray();
    }

    private UnsupportedObjectException tooLarge(String size) {
        return new UnsupportedObjectException("the transform service's answer is " + size + ", over the limit of "
                + maxObjectBytes + " bytes (SEQGATE_MAX_OBJECT_BYTES)");
    }

    /** A failure to get an answer: worth another try (no connection, timed out, broken or garbled answer). */
    private TransientTransformException failed(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException) {
                return new TransientTransformException(noAnswer(), cause);
            }
        }
        return new TransientTransformException("POST " + target + " failed: " + cause, cause);
    }

    private String noAnswer() {
        return "POST " + target + ": no answer within " + timeout.toMillis() + " ms (SEQGATE_TRANSFORM_HTTP_TIMEOUT)";
    }

    /** The first characters of an answer's body, printable, for a reason. */
    private static String text(InputStream body) throws IOException {
        byte[] start = body.readNBytes(MAX_REASON_CHARS * 4);
        String text = new String(start, StandardCharsets.UTF_8);
        StringBuilder printable = new StringBuilder();
        text.codePoints()
                .limit(MAX_REASON_CHARS)
                .forEach(c -> printable.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        return printable.toString().trim();
    }

    private static void abort(Request request, Throwable cause) {
        var unused = request.abort(cause);
    }

    private static String contentTypeOf(TransformInput input) {
        return input.contentType() == null ? UNKNOWN_CONTENT_TYPE : input.contentType();
    }

    private static String contentTypeOf(Response response) {
        String contentType = response.getHeaders().get(HttpHeader.CONTENT_TYPE);
        return contentType == null || contentType.isBlank() ? UNKNOWN_CONTENT_TYPE : contentType;
    }

    private static void putIfKnown(org.eclipse.jetty.http.HttpFields.Mutable headers, String name, String value) {
        if (value != null) {
            headers.put(name, value);
        }
    }

    /**
     * UTF-8, every byte but the unreserved characters of RFC 3986 and {@code /} as {@code %XX}: what
     * {@link URLEncoder} writes for a form, but for the three characters where a form's rules differ (a
     * space is {@code +} there, {@code *} is kept and {@code ~} encoded).
     */
    static String percentEncoded(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8)
                .replace("+", "%20")
                .replace("*", "%2A")
                .replace("%7E", "~")
                .replace("%2F", "/");
    }

    /** The URL without what may be secret in it (user info, query), for messages. */
    private static String describe(URI url) {
        return url.getScheme().toLowerCase(Locale.ROOT) + "://" + url.getHost()
                + (url.getPort() == -1 ? "" : ":" + url.getPort())
                + (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath());
    }
}
