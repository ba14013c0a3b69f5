package io.seqgate.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seqgate.config.HttpSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP API on a real Jetty server on a loopback port, with raw sockets where a client misbehaves.
 * The state behind it is {@link FakeQueries}: what is under test is the HTTP layer.
 */
class QueryServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "0123456789abcdef-token";
    private static final String PEER_SECRET = "fedcba9876543210-peer";

    private final List<AutoCloseable> closeAfter = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closeAfter) {
            c.close();
        }
    }

    /** Records what reached the state layer; {@link #hold} makes object queries wait until released. */
    static final class FakeQueries implements Queries {
        final List<String> objects = new CopyOnWriteArrayList<>();
        final Semaphore entered = new Semaphore(0);
        volatile CountDownLatch hold = new CountDownLatch(0);
        volatile boolean peerAddresses = true;

        @Override
        public Optional<ObjectView> object(String bucket, String key, boolean forwarded) {
            CountDownLatch latch = hold;
            objects.add(bucket + "|" + key + "|" + forwarded);
            entered.release();
            try {
                latch.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (key.equals("missing")) {
                return Optional.empty();
            }
            return Optional.of(new ObjectView(
                    bucket,
                    key,
                    "01",
                    null,
                    null,
                    null,
                    new ObjectView.Counters(1, 0, 0),
                    "2026-01-01T00:00:00Z",
                    0,
                    "127.0.0.1:1",
                    forwarded));
        }

        @Override
        public ObjectPage list(String bucket, String prefix, String after, int limit, Optional<Set<Integer>> only) {
            return new ObjectPage(List.of(), null, false);
        }

        @Override
        public List<InstanceView> instances(boolean forwarded) {
            return List.of();
        }

        @Override
        public boolean isPeer(InetAddress address) {
            return peerAddresses;
        }

        @Override
        public void close() {}
    }

    private final FakeQueries queries = new FakeQueries();
    /** What the instance says about a stalled stream thread. */
    private volatile Optional<String> stalled = Optional.empty();

    private int start(HttpSettings settings) throws IOException {
        QueryServer server = QueryServer.bind(settings);
        closeAfter.add(server);
        server.start(queries, () -> KafkaStreams.State.RUNNING, () -> stalled, () -> "seqgate_up 1\n");
        return server.port();
    }

    private int start() throws IOException {
        return start(new HttpSettings("127.0.0.1", 0, null));
    }

    private static HttpSettings settings(String token, String peerSecret, Duration idle, int maxQueries) {
        return new HttpSettings("127.0.0.1", 0, token, peerSecret, idle, maxQueries);
    }

    /** One HTTP/1.1 exchange on a fresh socket: the raw answer, up to the connection's close. */
    private static String raw(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String get(int port, String path, String... headers) throws IOException {
        StringBuilder request =
                new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        return raw(port, request.append("\r\n").toString());
    }

    private static int status(String answer) {
        return Integer.parseInt(answer.substring(9, 12));
    }

    private static String body(String answer) {
        return answer.substring(answer.indexOf("\r\n\r\n") + 4);
    }

    private static JsonNode json(String answer) throws IOException {
        assertThat(answer).containsIgnoringCase("Content-Type: application/json");
        return JSON.readTree(body(answer));
    }

    private static Socket stall(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.getOutputStream().write('G');
        socket.getOutputStream().flush();
        return socket;
    }

    @Test
    void liveIsFalseNamingTheStallWhileAStreamThreadIsStalledAndReadyDoesNotCare() throws Exception {
        int port = start();
        stalled = Optional.of("task 1_0 has not completed a sink call for 421 s");

        String live = get(port, "/health/live");
        assertThat(status(live)).isEqualTo(503);
        assertThat(json(live).get("live").asBoolean()).isFalse();
        assertThat(json(live).get("stalled").asText()).isEqualTo("task 1_0 has not completed a sink call for 421 s");
        assertThat(status(get(port, "/health/ready"))).isEqualTo(200);

        stalled = Optional.empty();
        assertThat(status(get(port, "/health/live"))).isEqualTo(200);
    }

    @Test
    void healthAnswersWhileManySocketsStallMidRequest() throws Exception {
        int port = start();
        for (int i = 0; i < 40; i++) {
            closeAfter.add(stall(port));
        }
        assertThat(status(get(port, "/health/live"))).isEqualTo(200);
        assertThat(status(get(port, "/health/ready"))).isEqualTo(200);
        assertThat(status(get(port, "/objects/input/a.png"))).isEqualTo(200);
    }

    @Test
    void aConnectionThatSendsNothingMoreIsClosedAfterTheIdleTimeout() throws Exception {
        int port = start(settings(null, null, Duration.ofMillis(500), 4));
        try (Socket socket = stall(port)) {
            socket.setSoTimeout(10_000);
            InputStream in = socket.getInputStream();
            long started = System.nanoTime();
            // Whatever Jetty says on the way out (a 408 or nothing), the connection ends.
            in.readAllBytes();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(9));
        }
    }

    @Test
    void whenEveryQueryPlaceIsTakenAnotherQueryGetsAFast503AndHealthStillAnswers() throws Exception {
        int port = start(settings(null, null, Duration.ofSeconds(10), 2));
        queries.hold = new CountDownLatch(1);
        List<CompletableFuture<String>> held = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            held.add(CompletableFuture.supplyAsync(() -> quietly(() -> get(port, "/objects/input/held.png"))));
        }
        assertThat(queries.entered.tryAcquire(2, 10, TimeUnit.SECONDS)).isTrue();

        String refused = get(port, "/objects/input/other.png");
        assertThat(status(refused)).isEqualTo(503);
        assertThat(refused).contains("Retry-After: 1");
        assertThat(json(refused).get("error").asText()).contains("too many queries");
        assertThat(status(get(port, "/health/live"))).isEqualTo(200);
        assertThat(status(get(port, "/health/ready"))).isEqualTo(200);
        assertThat(status(get(port, "/metrics"))).isEqualTo(200);

        queries.hold.countDown();
        for (CompletableFuture<String> f : held) {
            assertThat(status(f.get(10, TimeUnit.SECONDS))).isEqualTo(200);
        }
    }

    @Test
    void forwardedRequestsHaveTheirOwnPlacesSoTwoInstancesCannotWaitOnEachOther() throws Exception {
        int port = start(settings(TOKEN, null, Duration.ofSeconds(10), 1));
        CountDownLatch first = new CountDownLatch(1);
        queries.hold = first;
        CompletableFuture<String> held = CompletableFuture.supplyAsync(
                () -> quietly(() -> get(port, "/objects/input/held.png", "Authorization: Bearer " + TOKEN)));
        assertThat(queries.entered.tryAcquire(1, 10, TimeUnit.SECONDS)).isTrue();
        queries.hold = new CountDownLatch(0);

        String path = "/objects/input/peer.png";
        String marker = new ForwardingMarker(Optional.of(TOKEN)).value("127.0.0.1:9", "GET", path, Instant.now());
        String forwarded = get(port, path, "Authorization: Bearer " + TOKEN, ForwardingMarker.HEADER + ": " + marker);
        assertThat(status(forwarded)).isEqualTo(200);
        assertThat(queries.objects).contains("input|peer.png|true");

        assertThat(status(get(port, "/objects/input/other.png", "Authorization: Bearer " + TOKEN)))
                .isEqualTo(503);
        first.countDown();
        assertThat(status(held.get(10, TimeUnit.SECONDS))).isEqualTo(200);
    }

    @Test
    void headOnHealthAnswersTheStatusAndLengthWithoutABody() throws Exception {
        int port = start();
        String answer = raw(port, "HEAD /health/ready HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertThat(status(answer)).isEqualTo(200);
        assertThat(answer)
                .containsIgnoringCase("Content-Length: ")
                .containsIgnoringCase("Content-Type: application/json");
        assertThat(body(answer)).isEmpty();
    }

    @Test
    void otherMethodsGet405AsJsonNamingGetAndHead() throws Exception {
        int port = start();
        String answer = raw(
                port,
                "POST /health/live HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        assertThat(status(answer)).isEqualTo(405);
        assertThat(answer).contains("Allow: GET, HEAD");
        assertThat(json(answer).get("status").asInt()).isEqualTo(405);
    }

    @Test
    void anOversizedHeaderGetsA431AsJsonNotAReset() throws Exception {
        int port = start();
        String answer = get(port, "/health/live", "X-Big: " + "a".repeat(64 * 1024));
        assertThat(status(answer)).isEqualTo(431);
        assertThat(json(answer).get("status").asInt()).isEqualTo(431);
    }

    @Test
    void aRequestLineJettyCannotParseGetsA400AsJson() throws Exception {
        int port = start();
        String answer = raw(port, "GET /objects/input/a%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertThat(status(answer)).isEqualTo(400);
        assertThat(json(answer).get("status").asInt()).isEqualTo(400);
    }

    @Test
    void anUnknownPathGets404AsJson() throws Exception {
        int port = start();
        String answer = get(port, "/nothing/here");
        assertThat(status(answer)).isEqualTo(404);
        assertThat(json(answer).get("error").asText()).contains("no such endpoint");
    }

    @Test
    void anEncodedSlashInTheBucketSegmentIs400NotAnotherBucket() throws Exception {
        int port = start();
        String answer = get(port, "/objects/input%2Fdir/a%20b.png");
        assertThat(status(answer)).isEqualTo(400);
        assertThat(json(answer).get("error").asText()).contains("bucket name");
        assertThat(queries.objects).isEmpty();
    }

    @Test
    void everyEndpointAppliesTheSameBucketCheck() throws Exception {
        int port = start();
        assertThat(status(get(port, "/objects?bucket=input%2Fdir"))).isEqualTo(400);
        assertThat(status(get(port, "/objects?bucket=in"))).isEqualTo(400);
        assertThat(status(get(port, "/objects/in/a.png"))).isEqualTo(400);
        assertThat(status(get(port, "/objects?bucket=input"))).isEqualTo(200);
    }

    @Test
    void aKeyReachesTheStateExactlyAsSentWithDotSegmentsEncodedSlashesAndBackslashes() throws Exception {
        int port = start();
        assertThat(status(get(port, "/objects/input/a/../b%2Fc%5Cd%20e.png"))).isEqualTo(200);
        assertThat(queries.objects).containsExactly("input|a/../b/c\\d e.png|false");
    }

    @Test
    void anObjectWithoutStateIs404AsJson() throws Exception {
        int port = start();
        String answer = get(port, "/objects/input/missing");
        assertThat(status(answer)).isEqualTo(404);
        assertThat(json(answer).get("key").asText()).isEqualTo("missing");
    }

    @Test
    void withATokenNoTokenIs401AWrongOne403AndHealthNeedsNone() throws Exception {
        int port = start(settings(TOKEN, null, Duration.ofSeconds(10), 4));
        assertThat(status(get(port, "/objects/input/a.png"))).isEqualTo(401);
        assertThat(status(get(port, "/objects/input/a.png", "Authorization: Bearer " + TOKEN + "x")))
                .isEqualTo(403);
        assertThat(status(get(port, "/objects/input/a.png", "Authorization: Bearer " + TOKEN)))
                .isEqualTo(200);
        assertThat(status(get(port, "/health/live"))).isEqualTo(200);
    }

    @Test
    void aTokenHolderCannotSetTheForwardingMarkerByHand() throws Exception {
        int port = start(settings(TOKEN, null, Duration.ofSeconds(10), 4));
        String answer = get(
                port,
                "/objects/input/a.png",
                "Authorization: Bearer " + TOKEN,
                ForwardingMarker.HEADER + ": 127.0.0.1:1");
        assertThat(status(answer)).isEqualTo(403);
        assertThat(json(answer).get("error").asText()).contains("forwarding marker");
        assertThat(queries.objects).isEmpty();
    }

    @Test
    void aMarkerSignedForOnePathIsRefusedOnAnother() throws Exception {
        int port = start(settings(TOKEN, null, Duration.ofSeconds(10), 4));
        String marker = new ForwardingMarker(Optional.of(TOKEN))
                .value("127.0.0.1:9", "GET", "/objects/input/a.png", Instant.now());
        String answer = get(
                port,
                "/objects/input/b.png",
                "Authorization: Bearer " + TOKEN,
                ForwardingMarker.HEADER + ": " + marker);
        assertThat(status(answer)).isEqualTo(403);
    }

    @Test
    void withoutAPeerSecretAValidMarkerFromAnAddressNoInstanceHasIsRefused() throws Exception {
        int port = start(settings(TOKEN, null, Duration.ofSeconds(10), 4));
        queries.peerAddresses = false;
        String path = "/objects/input/a.png";
        String marker = new ForwardingMarker(Optional.of(TOKEN)).value("127.0.0.1:9", "GET", path, Instant.now());
        assertThat(status(get(port, path, "Authorization: Bearer " + TOKEN, ForwardingMarker.HEADER + ": " + marker)))
                .isEqualTo(403);
    }

    @Test
    void withAPeerSecretAMarkerMadeWithTheTokenIsRefusedAndOneMadeWithTheSecretAccepted() throws Exception {
        int port = start(settings(TOKEN, PEER_SECRET, Duration.ofSeconds(10), 4));
        queries.peerAddresses = false;
        String path = "/objects/input/a.png";
        String withToken = new ForwardingMarker(Optional.of(TOKEN)).value("127.0.0.1:9", "GET", path, Instant.now());
        String withSecret =
                new ForwardingMarker(Optional.of(PEER_SECRET)).value("127.0.0.1:9", "GET", path, Instant.now());
        assertThat(status(
                        get(port, path, "Authorization: Bearer " + TOKEN, ForwardingMarker.HEADER + ": " + withToken)))
                .isEqualTo(403);
        assertThat(status(
                        get(port, path, "Authorization: Bearer " + TOKEN, ForwardingMarker.HEADER + ": " + withSecret)))
                .isEqualTo(200);
        assertThat(queries.objects).containsExactly("input|a.png|true");
    }

    @Test
    void keepAliveAnswersComeBackWithoutWaitingForADelayedAck() throws Exception {
        int port = start();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            for (int i = 0; i < 3; i++) {
                out.write("GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                assertThat(readOneAnswer(in)).startsWith("HTTP/1.1 200");
            }
        }
    }

    /** Reads headers and a Content-Length body from a kept-alive connection. */
    private static String readOneAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new SocketTimeoutException("connection closed mid-answer");
            }
            head.write(b);
        }
        String headers = head.toString(StandardCharsets.ISO_8859_1);
        int at = headers.toLowerCase().indexOf("content-length: ") + 16;
        int length = Integer.parseInt(
                headers.substring(at, headers.indexOf("\r\n", at)).trim());
        return headers + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private interface IoCall<T> {
        T call() throws IOException;
    }

    private static <T> T quietly(IoCall<T> call) {
        try {
            return call.call();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
