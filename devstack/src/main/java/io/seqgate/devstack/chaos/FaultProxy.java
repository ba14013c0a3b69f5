package io.seqgate.devstack.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP proxy between the processors and the S3 server that can break S3 the ways production does:
 * answer every request with 503, refuse connections (nothing listens on the port), or answer slower
 * than the processors' S3 call timeout. The processors are pointed at {@link #endpoint()}; objects are
 * uploaded to the S3 server directly, so input keeps changing during an outage.
 */
public final class FaultProxy implements AutoCloseable {

    /** What the proxy does with requests now. */
    public enum Mode {
        /** Forwards both ways untouched. */
        PASS,
        /** Answers every request {@code 503 ServiceUnavailable} and closes the connection. */
        UNAVAILABLE,
        /** Stops listening: new connections are refused, open ones are closed. */
        REFUSE,
        /** Forwards, but holds every chunk of every answer for the slow delay first. */
        SLOW
    }

    private static final Logger log = LoggerFactory.getLogger(FaultProxy.class);
    private static final String UNAVAILABLE_BODY = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<Error><Code>ServiceUnavailable</Code><Message>S3 outage (chaos)</Message></Error>\n";
    private static final byte[] UNAVAILABLE_ANSWER = ("HTTP/1.1 503 Service Unavailable\r\n"
                    + "Content-Type: application/xml\r\nContent-Length: " + UNAVAILABLE_BODY.length()
                    + "\r\nConnection: close\r\n\r\n" + UNAVAILABLE_BODY)
            .getBytes(StandardCharsets.US_ASCII);

    private final int port;
    private final String upstreamHost;
    private final int upstreamPort;
    private final Duration slowDelay;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "fault-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicLong refusedRequests = new AtomicLong();
    private final AtomicLong heldChunks = new AtomicLong();
    private volatile Mode mode = Mode.PASS;
    private volatile ServerSocket listener;

    private FaultProxy(URI upstream, Duration slowDelay) throws IOException {
        this.upstreamHost = upstream.getHost();
        this.upstreamPort = upstream.getPort();
        this.slowDelay = slowDelay;
        ServerSocket first = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        this.port = first.getLocalPort();
        listen(first);
    }

    /**
     * Listens on a free loopback port and forwards to {@code upstream} ({@code http://host:port}).
     *
     * @param slowDelay how long each chunk of an answer is held in {@link Mode#SLOW}
     */
    public static FaultProxy to(URI upstream, Duration slowDelay) throws IOException {
        return new FaultProxy(upstream, slowDelay);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public Mode mode() {
        return mode;
    }

    /** Requests answered 503 so far. */
    public long unavailableAnswers() {
        return refusedRequests.get();
    }

    /** Chunks of answers held for the slow delay so far: that {@link Mode#SLOW} met real traffic. */
    public long slowAnswerChunks() {
        return heldChunks.get();
    }

    /**
     * Switches the fault. Entering an outage closes the connections open now, so that the clients'
     * pooled connections meet the outage at their next request too.
     */
    public synchronized void set(Mode next) throws IOException {
        if (next == mode) {
            return;
        }
        Mode previous = mode;
        mode = next;
        if (next == Mode.UNAVAILABLE || next == Mode.REFUSE) {
            sockets.forEach(SocketRelay::closeQuietly);
        }
        if (next == Mode.REFUSE) {
            listener.close();
        } else if (previous == Mode.REFUSE) {
            ServerSocket again = new ServerSocket();
            again.setReuseAddress(true);
            again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            listen(again);
        }
        log.info("S3 fault proxy {}: {} -> {}", endpoint(), previous, next);
    }

    private void listen(ServerSocket server) {
        listener = server;
        threads.execute(() -> accept(server));
    }

    private void accept(ServerSocket server) {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed: refusing, or the proxy is closing
            }
            sockets.add(client);
            threads.execute(() -> serve(client));
        }
    }

    private void serve(Socket client) {
        if (mode == Mode.UNAVAILABLE) {
            answerUnavailable(client);
            return;
        }
        Socket upstream;
        try {
            upstream = new Socket(upstreamHost, upstreamPort);
        } catch (IOException e) {
            SocketRelay.closeQuietly(client);
            return;
        }
        sockets.add(upstream);
        threads.execute(() -> SocketRelay.pump(client, upstream, SocketRelay.Hold.NONE, sockets));
        SocketRelay.pump(upstream, client, this::slowAnswers, sockets);
    }

    /** Holds each chunk of an answer for the slow delay while the mode is {@link Mode#SLOW}. */
    private void slowAnswers() throws InterruptedException {
        if (mode == Mode.SLOW) {
            heldChunks.incrementAndGet();
            Thread.sleep(slowDelay.toMillis());
        }
    }

    /** Reads the request head, so that the client reads an answer rather than a reset, and answers 503. */
    private void answerUnavailable(Socket client) {
        try (client;
                InputStream in = client.getInputStream();
                OutputStream out = client.getOutputStream()) {
            int matched = 0;
            byte[] end = {'\r', '\n', '\r', '\n'};
            int b;
            while (matched < end.length && (b = in.read()) >= 0) {
                matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            out.write(UNAVAILABLE_ANSWER);
            out.flush();
            refusedRequests.incrementAndGet();
        } catch (IOException e) {
            // the client went away first
        } finally {
            sockets.remove(client);
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        sockets.forEach(SocketRelay::closeQuietly);
        threads.shutdownNow();
    }
}
