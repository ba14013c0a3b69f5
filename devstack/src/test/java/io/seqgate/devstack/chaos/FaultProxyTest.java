package io.seqgate.devstack.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FaultProxyTest {

    @Test
    void passModeRelaysBothWaysAndEndsTheClientsConnectionWhenTheServerEndsIt() throws Exception {
        try (ServerSocket upstream = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                FaultProxy proxy = FaultProxy.to(
                        URI.create("http://127.0.0.1:" + upstream.getLocalPort()), Duration.ofSeconds(1));
                Socket client =
                        new Socket(proxy.endpoint().getHost(), proxy.endpoint().getPort())) {
            client.setSoTimeout(10_000);
            OutputStream toServer = client.getOutputStream();
            toServer.write("ping".getBytes(StandardCharsets.US_ASCII));
            toServer.flush();

            try (Socket server = upstream.accept()) {
                server.setSoTimeout(10_000);
                assertThat(new String(server.getInputStream().readNBytes(4), StandardCharsets.US_ASCII))
                        .isEqualTo("ping");
                server.getOutputStream().write("pong".getBytes(StandardCharsets.US_ASCII));
                server.getOutputStream().flush();
            }

            InputStream fromServer = client.getInputStream();
            assertThat(new String(fromServer.readNBytes(4), StandardCharsets.US_ASCII))
                    .isEqualTo("pong");
            assertThat(fromServer.read())
                    .as("end of stream once the server closed")
                    .isEqualTo(-1);
        }
    }
}
