package io.seqgate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LatencyProxyTest {

    private static final Duration ONE_WAY = Duration.ofMillis(50);

    private ServerSocket echo;

    @BeforeEach
    void startEchoServer() throws IOException {
        echo = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread thread = new Thread(
                () -> {
                    while (!echo.isClosed()) {
                        try (Socket socket = echo.accept()) {
                            socket.getInputStream().transferTo(socket.getOutputStream());
                        } catch (IOException e) {
                            // closed at the end of the test
                        }
                    }
                },
                "echo");
        thread.setDaemon(true);
        thread.start();
    }

    @AfterEach
    void stopEchoServer() throws IOException {
        echo.close();
    }

    @Test
    void roundTripThroughTheProxyTakesAtLeastTwiceTheOneWayDelay() throws IOException {
        try (LatencyProxy proxy = LatencyProxy.start(URI.create("http://127.0.0.1:" + echo.getLocalPort()), ONE_WAY);
                Socket client = connect(proxy)) {
            long start = System.nanoTime();
            client.getOutputStream().write(42);
            int echoed = client.getInputStream().read();
            long took = System.nanoTime() - start;

            assertThat(echoed).isEqualTo(42);
            assertThat(Duration.ofNanos(took)).isGreaterThanOrEqualTo(ONE_WAY.multipliedBy(2));
        }
    }

    @Test
    void bytesPassUnchangedAndTheEndOfTheStreamIsPassedOn() throws IOException {
        byte[] sent = new byte[1 << 20];
        new Random(1).nextBytes(sent);
        try (LatencyProxy proxy = LatencyProxy.start(URI.create("http://127.0.0.1:" + echo.getLocalPort()), ONE_WAY);
                Socket client = connect(proxy)) {
            Thread writer = new Thread(() -> {
                try {
                    OutputStream out = client.getOutputStream();
                    out.write(sent);
                    client.shutdownOutput();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            writer.start();
            InputStream in = client.getInputStream();
            byte[] received = in.readAllBytes();

            assertThat(received).hasSameSizeAs(sent);
            assertThat(Arrays.mismatch(received, sent))
                    .as("index of the first differing byte")
                    .isEqualTo(-1);
        }
    }

    private static Socket connect(LatencyProxy proxy) throws IOException {
        URI endpoint = proxy.endpoint();
        return new Socket(endpoint.getHost(), endpoint.getPort());
    }
}
