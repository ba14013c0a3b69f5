package io.seqgate.deploy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A pass-through HTTP proxy in front of ElasticMQ that can make SQS deletes fail (HTTP 500, as SQS answers
 * an internal error), the fault injection that pins a worker between "Kafka acknowledged the records" and
 * "SQS deleted the message". Everything else reaches the real SQS API unchanged.
 */
final class SqsFaultProxy implements AutoCloseable {

    // Headers java.net.http sets itself and refuses to be given.
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");
    private static final byte[] INTERNAL_ERROR =
            "{\"__type\":\"com.amazonaws.sqs#InternalError\",\"message\":\"delete failed on purpose (test)\"}"
                    .getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;
    private final ExecutorService threads;
    private final HttpClient client =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI target;
    private final AtomicInteger deletesFailed = new AtomicInteger();
    private volatile boolean failDeletes;

    private SqsFaultProxy(HttpServer server, ExecutorService threads, URI target) {
        this.server = server;
        this.threads = threads;
        this.target = target;
    }

    static SqsFaultProxy start(URI target) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        // Long polls hold a thread each for up to 20 s.
        ExecutorService threads = Executors.newFixedThreadPool(16);
        SqsFaultProxy proxy = new SqsFaultProxy(server, threads, target);
        server.createContext("/", proxy::forward);
        server.setExecutor(threads);
        server.start();
        return proxy;
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void failDeletes(boolean fail) {
        failDeletes = fail;
    }

    int deletesFailed() {
        return deletesFailed.get();
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            // AWS JSON protocol: the operation is named in X-Amz-Target, e.g. AmazonSQS.DeleteMessageBatch.
            String operation = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            if (failDeletes && operation != null && operation.startsWith("AmazonSQS.DeleteMessage")) {
                deletesFailed.incrementAndGet();
                exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
                respond(exchange, 500, INTERNAL_ERROR);
                return;
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(
                            target.resolve(exchange.getRequestURI().toString()))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            response.headers().map().forEach((name, values) -> {
                String lower = name.toLowerCase(Locale.ROOT);
                if (!lower.equals("content-length")
                        && !lower.equals("transfer-encoding")
                        && !lower.equals("connection")
                        && !lower.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, List.copyOf(values));
                }
            });
            respond(exchange, response.statusCode(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
