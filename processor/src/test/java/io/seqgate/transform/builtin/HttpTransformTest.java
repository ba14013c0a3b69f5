package io.seqgate.transform.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.seqgate.transform.TransformInput;
import io.seqgate.transform.TransformOutput;
import io.seqgate.transform.TransientTransformException;
import io.seqgate.transform.UnsupportedObjectException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The http transform against a real HTTP server in this JVM: every answer a service can give. */
class HttpTransformTest {

    private static final long MAX_BYTES = 1000;

    private HttpServer server;
    private ExecutorService handlers;
    private final CountDownLatch releaseSlow = new CountDownLatch(1);
    private final BlockingQueue<Map<String, String>> requests = new LinkedBlockingQueue<>();
    private HttpTransform transform;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        handlers = Executors.newCachedThreadPool();
        server.setExecutor(handlers);
        server.createContext("/echo", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            requests.add(Map.of(
                    "content-type", String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")),
                    "bucket", String.valueOf(exchange.getRequestHeaders().getFirst(HttpTransform.BUCKET)),
                    "key", String.valueOf(exchange.getRequestHeaders().getFirst(HttpTransform.KEY)),
                    "version", String.valueOf(exchange.getRequestHeaders().getFirst(HttpTransform.VERSION_ID)),
                    "etag", String.valueOf(exchange.getRequestHeaders().getFirst(HttpTransform.ETAG)),
                    "sequencer", String.valueOf(exchange.getRequestHeaders().getFirst(HttpTransform.SEQUENCER)),
                    "body", new String(body, StandardCharsets.UTF_8)));
            exchange.getResponseHeaders().set("Content-Type", "text/x-answer");
            answer(exchange, 200, "answer to " + new String(body, StandardCharsets.UTF_8));
        });
        server.createContext("/unsupported", exchange -> answer(exchange, 415, "not a photo:\nno EXIF\n"));
        server.createContext("/unprocessable", exchange -> answer(exchange, 422, ""));
        server.createContext("/long-reason", exchange -> answer(exchange, 415, "x".repeat(10_000)));
        server.createContext("/busy", exchange -> answer(exchange, 503, "try later"));
        server.createContext("/missing", exchange -> answer(exchange, 404, "no such path"));
        server.createContext("/untyped", exchange -> {
            exchange.getResponseHeaders().remove("Content-Type");
            answer(exchange, 200, "bytes");
        });
        server.createContext("/slow", exchange -> {
            try {
                releaseSlow.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(exchange, 200, "too late");
        });
        server.createContext("/big", exchange -> answer(exchange, 200, "b".repeat((int) MAX_BYTES + 1)));
        server.createContext("/big-chunked", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, 0); // chunked: no length announced
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 20; i++) {
                    out.write("c".repeat(100).getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            } catch (IOException e) {
                // the client hung up once it had enough
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        releaseSlow.countDown();
        if (transform != null) {
            transform.close();
        }
        server.stop(0);
        handlers.shutdownNow();
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        exchange.getRequestBody().readAllBytes();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private HttpTransform at(String path, Duration timeout) {
        transform = new HttpTransform(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path), timeout, 4, MAX_BYTES);
        return transform;
    }

    private HttpTransform at(String path) {
        return at(path, Duration.ofSeconds(30));
    }

    private static TransformInput input(String key, String text, String contentType) {
        return new TransformInput(
                "photos", key, "v7", "abc123", contentType, "0055AA", text.getBytes(StandardCharsets.UTF_8));
    }

    private static TransformInput input() {
        return input("cat.jpg", "cat", "image/jpeg");
    }

    @Test
    void theBodyOfA200IsTheOutputWithItsContentType() throws Exception {
        TransformOutput output = at("/echo").apply(input());

        assertThat(new String(output.bytes(), StandardCharsets.UTF_8)).isEqualTo("answer to cat");
        assertThat(output.contentType()).isEqualTo("text/x-answer");
    }

    @Test
    void theRequestCarriesTheInputWithItsContentTypeAndHeadersNamingTheObject() throws Exception {
        at("/echo").apply(input("dir/ä b+c%.jpg", "cat", "image/jpeg"));

        Map<String, String> request = requests.take();
        assertThat(request)
                .containsEntry("body", "cat")
                .containsEntry("content-type", "image/jpeg")
                .containsEntry("bucket", "photos")
                .containsEntry("key", "dir/%C3%A4%20b%2Bc%25.jpg")
                .containsEntry("version", "v7")
                .containsEntry("etag", "abc123")
                .containsEntry("sequencer", "0055AA");
    }

    @Test
    void theKeyHeaderKeepsUnreservedCharactersAndSlashesAndPercentEncodesEveryOtherUtf8Byte() {
        assertThat(HttpTransform.percentEncoded("AZaz09-._~ !*'()+,/:;=?@[]%\nä€\uD83D\uDE00"))
                .isEqualTo("AZaz09-._~%20%21%2A%27%28%29%2B%2C/%3A%3B%3D%3F%40%5B%5D%25%0A%C3%A4%E2%82%AC%F0%9F%98%80");
    }

    @Test
    void anInputWithoutContentTypeIsSentAsOctetStream() throws Exception {
        at("/echo").apply(input("k", "x", null));

        assertThat(requests.take()).containsEntry("content-type", "application/octet-stream");
    }

    @Test
    void a415IsUnsupportedWithTheServicesReason() {
        assertThatThrownBy(() -> at("/unsupported").apply(input()))
                .isInstanceOf(UnsupportedObjectException.class)
                .hasMessage("the transform service refused the object (HTTP 415): not a photo: no EXIF");
    }

    @Test
    void a422WithoutABodyIsUnsupported() {
        assertThatThrownBy(() -> at("/unprocessable").apply(input()))
                .isInstanceOf(UnsupportedObjectException.class)
                .hasMessage("the transform service refused the object (HTTP 422)");
    }

    @Test
    void theServicesReasonIsCutShort() {
        assertThatThrownBy(() -> at("/long-reason").apply(input()))
                .isInstanceOf(UnsupportedObjectException.class)
                .hasMessageEndingWith(": " + "x".repeat(HttpTransform.MAX_REASON_CHARS));
    }

    @Test
    void a5xxIsTransient() {
        assertThatThrownBy(() -> at("/busy").apply(input()))
                .isInstanceOf(TransientTransformException.class)
                .hasMessageEndingWith("/busy answered HTTP 503: try later");
    }

    @Test
    void noAnswerWithinTheTimeoutIsTransient() {
        assertThatThrownBy(() -> at("/slow", Duration.ofMillis(300)).apply(input()))
                .isInstanceOf(TransientTransformException.class)
                .hasMessageEndingWith("/slow: no answer within 300 ms (SEQGATE_TRANSFORM_HTTP_TIMEOUT)");
    }

    @Test
    void aRefusedConnectionIsTransient() throws IOException {
        int port;
        try (ServerSocket nobody = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = nobody.getLocalPort();
        }
        transform =
                new HttpTransform(URI.create("http://127.0.0.1:" + port + "/"), Duration.ofSeconds(5), 4, MAX_BYTES);

        assertThatThrownBy(() -> transform.apply(input()))
                .isInstanceOf(TransientTransformException.class)
                .hasMessageContaining("failed")
                .hasMessageContaining("Connection refused");
    }

    @Test
    void anAnswerThatIsNotHttpIsTransient() throws Exception {
        try (ServerSocket garbage = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread answering = new Thread(() -> {
                try (Socket s = garbage.accept()) {
                    s.getInputStream().read(new byte[1024]);
                    s.getOutputStream()
                            .write("\u0000\u0001 NOT HTTP AT ALL\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                } catch (IOException e) {
                    // the client gave up first
                }
            });
            answering.start();
            transform = new HttpTransform(
                    URI.create("http://127.0.0.1:" + garbage.getLocalPort() + "/"),
                    Duration.ofSeconds(5),
                    4,
                    MAX_BYTES);

            assertThatThrownBy(() -> transform.apply(input()))
                    .isInstanceOf(TransientTransformException.class)
                    .hasMessageContaining("failed");
            answering.join();
        }
    }

    @Test
    void anAnswerOverTheLimitIsUnsupportedByItsContentLength() {
        assertThatThrownBy(() -> at("/big").apply(input()))
                .isInstanceOf(UnsupportedObjectException.class)
                .hasMessage("the transform service's answer is 1001 bytes, over the limit of 1000 bytes"
                        + " (SEQGATE_MAX_OBJECT_BYTES)");
    }

    @Test
    void aChunkedAnswerOverTheLimitIsUnsupportedWithoutReadingTheRest() {
        assertThatThrownBy(() -> at("/big-chunked").apply(input()))
                .isInstanceOf(UnsupportedObjectException.class)
                .hasMessage("the transform service's answer is larger than that, over the limit of 1000 bytes"
                        + " (SEQGATE_MAX_OBJECT_BYTES)");
    }

    @Test
    void anotherStatusFailsAtOnceAsTheSameRequestGetsTheSameAnswer() {
        assertThatThrownBy(() -> at("/missing").apply(input()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("/missing answered HTTP 404: no such path (not retried");
    }

    @Test
    void anAnswerWithoutContentTypeIsOctetStream() throws Exception {
        assertThat(at("/untyped").apply(input()).contentType()).isEqualTo("application/octet-stream");
    }

    @Test
    void messagesNameTheUrlWithoutItsUserInfoOrQuery() {
        transform = new HttpTransform(
                URI.create("http://user:secret@127.0.0.1:" + server.getAddress().getPort() + "/busy?token=secret"),
                Duration.ofSeconds(5),
                4,
                MAX_BYTES);

        assertThatThrownBy(() -> transform.apply(input()))
                .isInstanceOf(TransientTransformException.class)
                .hasMessageNotContaining("secret");
    }

    @Test
    void itsCallsTakeAtMostTheTimeoutAndAGrace() {
        assertThat(at("/echo", Duration.ofSeconds(7)).maxCallTime()).contains(Duration.ofSeconds(8));
    }
}
