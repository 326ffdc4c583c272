package io.github.socketiojakarta.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.socketiojakarta.testing.RawSioPolling;
import io.github.socketiojakarta.testing.SocketIoTestServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

/**
 * {@link Socket#asVolatile()} and {@link Socket#timeout}: emits to one socket with flags, as the
 * broadcast operator has them. A polling client without a pending GET is a connection not ready
 * to write.
 */
class SocketEmitterTest {

    @Test
    void aVolatileEmitIsDroppedWithoutPendingGetAndSentWhenOneIsHeld() throws Exception {
        CompletableFuture<Socket> connected = new CompletableFuture<>();
        try (SocketIoTestServer server = SocketIoTestServer.start(
                io -> io.onConnection(connected::complete))) {
            RawSioPolling client = RawSioPolling.open(server.port());
            assertThat(client.connect()).startsWith("40{\"sid\":");
            Socket socket = connected.get(10, TimeUnit.SECONDS);

            assertThat(socket.asVolatile().emit("vol", "dropped")).isFalse();
            assertThat(socket.emit("plain", "kept")).isTrue();
            assertThat(RawSioPolling.packets(client.get()))
                    .containsExactly("42[\"plain\",\"kept\"]");

            CompletableFuture<HttpResponse<String>> held = client.getAsync();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> socket.asVolatile().emit("vol", "sent"));
            assertThat(RawSioPolling.packets(held.get(10, TimeUnit.SECONDS)))
                    .containsExactly("42[\"vol\",\"sent\"]");
        }
    }

    @Test
    void aDroppedVolatileEmitWithAckFailsAtOnceAndKeepsNoPendingAck() throws Exception {
        CompletableFuture<Socket> connected = new CompletableFuture<>();
        try (SocketIoTestServer server = SocketIoTestServer.start(
                io -> io.onConnection(connected::complete))) {
            RawSioPolling client = RawSioPolling.open(server.port());
            assertThat(client.connect()).startsWith("40{\"sid\":");
            Socket socket = connected.get(10, TimeUnit.SECONDS);

            CompletableFuture<Arguments> answer = socket.timeout(Duration.ofSeconds(30))
                    .asVolatile().emitWithAck("question");

            assertThat(answer).isCompletedExceptionally();
            assertThat(answer).failsWithin(Duration.ZERO)
                    .withThrowableOfType(ExecutionException.class)
                    .extracting(Throwable::getCause, InstanceOfAssertFactories.THROWABLE)
                    .isInstanceOf(AckTimeoutException.class);
            assertThat(socket.pendingAcks()).isZero();
        }
    }
}
