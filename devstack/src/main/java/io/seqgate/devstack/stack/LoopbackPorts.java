package io.seqgate.devstack.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Resolves "port 0" to a concrete free loopback port before a server is configured with it. */
public final class LoopbackPorts {

    private LoopbackPorts() {}

    /**
     * Returns {@code port} unchanged, or a currently free loopback port when it is 0. The KRaft quorum
     * voters and the advertised listener must name a concrete port before the server starts, so the
     * servers here cannot bind to 0 themselves; the short window in which another process could take
     * the port is accepted for a dev stack.
     */
    public static int resolve(int port) {
        if (port != 0) {
            return port;
        }
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }
}
