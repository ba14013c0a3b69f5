package io.seqgate.devstack;

import io.seqgate.devstack.chaos.SocketRelay;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP proxy in front of a server that a test can pause: while paused, whatever clients send waits
 * in the proxy, unsent, so their calls stay in flight for as long as the test wants (e.g. S3 calls of
 * a processor that is about to be killed). Answers from the server pass through untouched.
 */
final class PausingProxy implements AutoCloseable {

    private final ServerSocket server;
    private final String upstreamHost;
    private final int upstreamPort;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "pausing-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Object gate = new Object();
    private boolean paused;

    private PausingProxy(ServerSocket server, URI upstream) {
        this.server = server;
        this.upstreamHost = upstream.getHost();
        this.upstreamPort = upstream.getPort();
        threads.execute(this::accept);
    }

    /** Listens on a free loopback port and forwards to {@code upstream} ({@code http://host:port}). */
    static PausingProxy to(URI upstream) throws IOException {
        return new PausingProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), upstream);
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    void pause() {
        synchronized (gate) {
            paused = true;
        }
    }

    void resume() {
        synchronized (gate) {
            paused = false;
            gate.notifyAll();
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(upstreamHost, upstreamPort);
                sockets.add(client);
                sockets.add(upstream);
                threads.execute(() -> SocketRelay.pump(client, upstream, this::awaitOpen, sockets));
                threads.execute(() -> SocketRelay.pump(upstream, client, SocketRelay.Hold.NONE, sockets));
            } catch (IOException e) {
                // closed, or the server refused one connection: the client sees its connection fail
            }
        }
    }

    private void awaitOpen() throws InterruptedException {
        synchronized (gate) {
            while (paused) {
                gate.wait();
            }
        }
    }

    @Override
    public void close() throws IOException {
        resume();
        server.close();
        sockets.forEach(SocketRelay::closeQuietly);
        threads.shutdownNow();
    }
}
