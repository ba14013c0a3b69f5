package io.seqgate.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP proxy on 127.0.0.1 that holds every chunk of bytes for a fixed delay before passing it on,
 * in each direction, so that a request/response pair pays one round trip of twice that delay, as a
 * real S3 endpoint a network hop away does. It delays without limiting throughput: bytes that
 * arrive while earlier ones wait are read at once and queued with their own release time.
 */
final class LatencyProxy implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LatencyProxy.class);
    private static final int BUFFER = 64 * 1024;

    private final ServerSocket server;
    private final String upstreamHost;
    private final int upstreamPort;
    private final long delayNanos;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile boolean open = true;

    private LatencyProxy(ServerSocket server, String upstreamHost, int upstreamPort, Duration oneWay) {
        this.server = server;
        this.upstreamHost = upstreamHost;
        this.upstreamPort = upstreamPort;
        this.delayNanos = oneWay.toNanos();
    }

    /** Listens on a free loopback port and forwards every connection to {@code upstream}. */
    static LatencyProxy start(URI upstream, Duration oneWay) throws IOException {
        ServerSocket server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        LatencyProxy proxy = new LatencyProxy(server, upstream.getHost(), upstream.getPort(), oneWay);
        daemon("seqgate-bench-proxy-accept", proxy::acceptUntilClosed).start();
        return proxy;
    }

    /** The proxy's address, as an endpoint like the upstream's. */
    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    private void acceptUntilClosed() {
        while (open) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(upstreamHost, upstreamPort);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(upstream);
                AtomicInteger directions = new AtomicInteger(2);
                relay(client, upstream, "up", directions);
                relay(upstream, client, "down", directions);
            } catch (IOException e) {
                if (open) {
                    log.warn("Proxy could not connect a client: {}", e.toString());
                }
            }
        }
    }

    /**
     * One direction: a reader that stamps each chunk with its release time, a writer that waits for
     * it. The end of the stream is passed on as a half-close, so a request/response exchange sees the
     * same sequence of events as without the proxy; the sockets are closed when both directions ended.
     */
    private void relay(Socket from, Socket to, String direction, AtomicInteger openDirections) {
        BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
        daemon("seqgate-bench-proxy-read-" + direction, () -> {
                    byte[] buffer = new byte[BUFFER];
                    try {
                        // Not closed here: closing a socket's stream closes the socket, both directions.
                        InputStream in = from.getInputStream();
                        int n;
                        while ((n = in.read(buffer)) >= 0) {
                            queue.add(new Chunk(Arrays.copyOf(buffer, n), System.nanoTime() + delayNanos));
                        }
                    } catch (IOException e) {
                        // the connection was closed or reset: pass the end on
                    } finally {
                        queue.add(new Chunk(null, System.nanoTime() + delayNanos));
                    }
                })
                .start();
        daemon("seqgate-bench-proxy-write-" + direction, () -> {
                    try {
                        OutputStream out = to.getOutputStream();
                        while (true) {
                            Chunk chunk = queue.take();
                            Pause.untilNanos(chunk.releaseAt);
                            if (chunk.bytes == null) {
                                to.shutdownOutput();
                                break;
                            }
                            out.write(chunk.bytes);
                            out.flush();
                        }
                        if (openDirections.decrementAndGet() == 0) {
                            closeQuietly(from);
                            closeQuietly(to);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        closeQuietly(from);
                        closeQuietly(to);
                    } catch (IOException | IllegalStateException e) {
                        // the other side went away (or Pause was interrupted): end both halves
                        closeQuietly(from);
                        closeQuietly(to);
                    }
                })
                .start();
    }

    /**
     * Bytes read and when to write them; null bytes pass the end of the stream on. A class rather
     * than a record, whose equals would compare the array by identity.
     */
    private static final class Chunk {
        private final byte[] bytes;
        private final long releaseAt;

        Chunk(byte[] bytes, long releaseAt) {
            this.bytes = bytes;
            this.releaseAt = releaseAt;
        }
    }

    private void closeQuietly(Socket socket) {
        sockets.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            log.debug("Closing a proxied socket: {}", e.toString());
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public void close() throws IOException {
        open = false;
        server.close();
        sockets.forEach(this::closeQuietly);
    }
}
