package io.github.socketiojakarta.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.socketiojakarta.engine.CloseReason;
import io.github.socketiojakarta.testing.LogCapture;
import io.github.socketiojakarta.testing.RawHttp;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A WebSocket client that stops reading while the server broadcasts to it and to a normal
 * client: the slow one's outbound queue reaches {@code maxBufferedBytes} and it is closed
 * ({@code transport error}, logged at WARNING), within a bound; the normal client receives
 * every message, in order, and stays connected. The slow client is a raw socket with a small
 * receive buffer that never reads after joining.
 */
class SlowClientTest {
    private static final long BOUND = 64 * 1024;
    private static final int MAX_MESSAGES = 100_000;

    /** A raw WebSocket client with a small receive buffer that reads only what it is told. */
    private static final class StuckClient implements AutoCloseable {
        final Socket socket = new Socket();
        final InputStream in;
        final OutputStream out;

        StuckClient(int port) throws IOException {
            socket.setReceiveBufferSize(2048); // before connect: the window stays small
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
            socket.setSoTimeout(10_000);
            in = new BufferedInputStream(socket.getInputStream(), 256);
            out = socket.getOutputStream();
        }

        void send(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        void send(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        String line() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (int c = read(); c != '\n'; c = read()) {
                if (c != '\r') {
                    b.write(c);
                }
            }
            return b.toString(StandardCharsets.ISO_8859_1);
        }

        String textFrame() throws IOException {
            read();
            long len = read() & 0x7f;
            if (len == 126) {
                len = (read() << 8) | read();
            } else if (len == 127) {
                len = 0;
                for (int i = 0; i < 8; i++) {
                    len = (len << 8) | read();
                }
            }
            return new String(in.readNBytes((int) len), StandardCharsets.UTF_8);
        }

        /** Reads everything until the end of the stream (or a reset); false on timeout. */
        boolean drainsToEnd() {
            byte[] sink = new byte[64 * 1024];
            try {
                while (in.read(sink) >= 0) {
                    // discard
                }
                return true;
            } catch (java.net.SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                return true; // reset
            }
        }

        private int read() throws IOException {
            int c = in.read();
            if (c < 0) {
                throw new EOFException();
            }
            return c;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /**
     * Broadcasts message {@code i} to the room every socket joined. The normal client reads as
     * fast as it can; at most 32 messages are kept in flight to it, so that only the stuck
     * client can reach the bound.
     */
    private static void broadcast(HardServer server, LightSioClient normal, int i,
            String payload) throws InterruptedException {
        long t0 = System.nanoTime();
        server.io.to("all").emit("tick", i, payload);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        // a broadcast never waits for a slow client (not even for its close)
        assertThat(tookMs).as("emit of message %d took (ms)", i).isLessThan(1000);
        if ((i + 1) % 32 == 0) {
            assertThat(normal.awaitEvents(i + 1 - 32, Duration.ofSeconds(10)))
                    .as("the normal client keeps receiving").isTrue();
        }
    }

    @Test
    void aClientThatStopsReadingIsClosedByPolicyAndTheOthersKeepTheirRate() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (LogCapture log = new LogCapture();
                HardServer server = new HardServer(o -> o.engine(e -> e.maxBufferedBytes(BOUND)
                        .pingInterval(Duration.ofSeconds(20))
                                .pingTimeout(Duration.ofSeconds(10))), io -> { });
                StuckClient stuck = new StuckClient(server.port())) {
            HttpClient http = HttpClient.newBuilder().executor(pool).build();
            LightSioClient normal = LightSioClient.connect(http, server.port(), true, true)
                    .get(10, TimeUnit.SECONDS);
            normal.joined.get(10, TimeUnit.SECONDS);

            stuck.send(RawHttp.websocketUpgrade("/socket.io/?EIO=4&transport=websocket"));
            assertThat(stuck.line()).contains(" 101 ");
            while (!stuck.line().isEmpty()) {
                // headers
            }
            String open = stuck.textFrame();
            assertThat(open).startsWith("0{");
            String sid = open.substring(open.indexOf("\"sid\":\"") + 7, open.indexOf("\",\""));
            stuck.send(RawHttp.maskedTextFrame("40"));
            String joined = stuck.textFrame();
            assertThat(joined).startsWith("40{");
            String stuckId = joined.substring(joined.indexOf("\"sid\":\"") + 7,
                    joined.lastIndexOf('"'));
            assertThat(server.io.sockets().sockets()).containsKeys(stuckId);
            // from here on the stuck client reads nothing

            String payload = "p".repeat(512);
            long start = System.nanoTime();
            int sent = 0;
            while (!server.reason(stuckId).isDone()) {
                assertThat(sent).as("messages broadcast before the slow client was closed")
                        .isLessThan(MAX_MESSAGES);
                broadcast(server, normal, sent++, payload);
            }
            long closedAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            int closedAt = sent;
            // the broadcast goes on for the others
            for (int i = 0; i < 500; i++) {
                broadcast(server, normal, sent++, payload);
            }
            int total = sent;
            assertThat(server.reasonOf(stuckId)).isEqualTo("transport error");
            Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> server.io.engine().session(sid) == null);
            assertThat(log.has(sid, "outbound queue over")).as(log.all()).isTrue();
            assertThat(server.io.metrics().queueOverflows()).isEqualTo(1);
            assertThat(server.io.metrics().closes(CloseReason.TRANSPORT_ERROR)).isEqualTo(1);
            assertThat(stuck.drainsToEnd()).as("the server dropped the stuck connection").isTrue();
            Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> normal.events.get() >= total);
            List<String> got = new ArrayList<>(normal.received);
            assertThat(got).hasSize(total);
            for (int i = 0; i < total; i++) {
                assertThat(got.get(i)).startsWith("42[\"tick\"," + i + ",");
            }
            assertThat(normal.closed).isNotDone();
            assertThat(normal.errors).hasValue(0);
            System.out.printf("slow client closed after %d messages, %d ms%n", closedAt,
                    closedAfterMs);
            normal.close();
            normal.closed.get(10, TimeUnit.SECONDS);
            server.assertNothingLeft();
        } finally {
            pool.shutdownNow();
        }
    }
}
