package io.seqgate.devstack.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Collection;

/**
 * One direction of a proxied TCP connection, for the proxies that put faults between a client and a
 * server ({@link FaultProxy}, and the tests' pausing proxy): copies what one socket reads to the
 * other until either side goes away, then closes both, so the connection ends as a whole.
 */
public final class SocketRelay {

    /** Runs before each chunk is passed on, and may hold it: a pause, a delay. */
    @FunctionalInterface
    public interface Hold {
        /** Holds nothing. */
        Hold NONE = () -> {};

        void beforeChunk() throws InterruptedException;
    }

    private SocketRelay() {}

    /**
     * Copies {@code from} to {@code to} on the calling thread, calling {@code hold} before each chunk,
     * until either side goes away (a client's timeout, a killed client, the proxy closing); then
     * closes both and removes them from {@code open}, the proxy's sockets to close on its own close.
     */
    public static void pump(Socket from, Socket to, Hold hold, Collection<Socket> open) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                hold.beforeChunk();
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // one side went away: close both below
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    /** Closes {@code socket}, which may be closed already. */
    public static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
