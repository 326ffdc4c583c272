package io.github.socketiojakarta.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.socketiojakarta.adapter.ConnectionStateRecovery;
import io.github.socketiojakarta.protocol.Json;
import io.github.socketiojakarta.server.SocketIoServer;
import io.github.socketiojakarta.testing.RawSioWs;
import io.github.socketiojakarta.testing.TestServer;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@code socketio.connectionStateRecovery*} context parameters: off by default, on with the
 * reference's defaults, every value read, and a bad value refused with a message naming the
 * parameter; and, through a real start-up, a server that answers CONNECT with a pid.
 */
class RecoveryParametersTest {

    private static ConnectionStateRecovery read(String... namesAndValues) {
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            params.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return ContextOptions.recovery(params::get);
    }

    @Test
    void offUnlessTurnedOnOrGivenASetting() {
        assertThat(read()).isNull();
        assertThat(read("connectionStateRecovery", "false")).isNull();
        assertThat(read("connectionStateRecovery", "FALSE",
                "connectionStateRecovery.maxDisconnectionDuration", "5000")).isNull();
        assertThat(read("connectionStateRecovery", "true"))
                .isEqualTo(ConnectionStateRecovery.defaults());
        assertThat(read("connectionStateRecovery.maxDisconnectionDuration", "5000"))
                .isEqualTo(ConnectionStateRecovery.of(Duration.ofSeconds(5), true));
        assertThat(read("connectionStateRecovery.skipMiddlewares", "false"))
                .isEqualTo(ConnectionStateRecovery.of(Duration.ofMinutes(2), false));
        assertThat(read("connectionStateRecovery.maxSessions", "7"))
                .isEqualTo(ConnectionStateRecovery.defaults().withLimits(
                        ConnectionStateRecovery.DEFAULT_MAX_PACKETS,
                        ConnectionStateRecovery.DEFAULT_MAX_BYTES, 7));
    }

    @Test
    void aBadSettingIsRefusedEvenWhenRecoveryIsSwitchedOff() {
        assertThatThrownBy(() -> read("connectionStateRecovery", "false",
                "connectionStateRecovery.skipMiddlewares", "no"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("skipMiddlewares must be true or false");
    }

    @Test
    void everyValueIsRead() {
        assertThat(read("connectionStateRecovery", "True",
                "connectionStateRecovery.maxDisconnectionDuration", "30000",
                "connectionStateRecovery.skipMiddlewares", "false",
                "connectionStateRecovery.maxPackets", "500",
                "connectionStateRecovery.maxBytes", "1048576",
                "connectionStateRecovery.maxSessions", "20"))
                .isEqualTo(new ConnectionStateRecovery(Duration.ofSeconds(30), false, 500,
                        1_048_576, 20));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "connectionStateRecovery|yes|socketio.connectionStateRecovery must be true or false: yes",
        "connectionStateRecovery.skipMiddlewares|no|socketio.connectionStateRecovery.skipMiddlewares must be true or false: no",
        "connectionStateRecovery.maxDisconnectionDuration|2m|socketio.connectionStateRecovery.maxDisconnectionDuration must be a number: 2m",
        "connectionStateRecovery.maxDisconnectionDuration|0|socketio.connectionStateRecovery.maxDisconnectionDuration must be from 1 to 9223372036854775807: 0",
        "connectionStateRecovery.maxDisconnectionDuration|-5|socketio.connectionStateRecovery.maxDisconnectionDuration must be from 1 to 9223372036854775807: -5",
        "connectionStateRecovery.maxPackets|0|socketio.connectionStateRecovery.maxPackets must be from 1 to 2147483647: 0",
        "connectionStateRecovery.maxPackets|3000000000|socketio.connectionStateRecovery.maxPackets must be from 1 to 2147483647: 3000000000",
        "connectionStateRecovery.maxBytes|-1|socketio.connectionStateRecovery.maxBytes must be from 1 to 9223372036854775807: -1",
        "connectionStateRecovery.maxBytes|32MB|socketio.connectionStateRecovery.maxBytes must be a number: 32MB",
        "connectionStateRecovery.maxSessions|0|socketio.connectionStateRecovery.maxSessions must be from 1 to 2147483647: 0",
    })
    void aBadValueIsRefusedNamingTheParameter(String name, String value, String message) {
        assertThatThrownBy(() -> read("connectionStateRecovery", "true", name, value))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void theInitializerStartsARecoveringServerFromTheParameters() throws Exception {
        AtomicReference<ServletContext> context = new AtomicReference<>();
        ServletContainerInitializer params = (classes, ctx) -> {
            ctx.setInitParameter("socketio.connectionStateRecovery", "true");
            ctx.setInitParameter("socketio.connectionStateRecovery.maxPackets", "3");
        };
        try (TestServer server = TestServer.start(params, new SocketIoInitializer(),
                (classes, ctx) -> context.set(ctx));
                RawSioWs client = RawSioWs.open(server.port())) {
            SocketIoServer io = SocketIo.server(context.get());
            assertThat(io.options().connectionStateRecovery()).isEqualTo(
                    ConnectionStateRecovery.defaults().withLimits(3,
                            ConnectionStateRecovery.DEFAULT_MAX_BYTES,
                            ConnectionStateRecovery.DEFAULT_MAX_SESSIONS));
            @SuppressWarnings("unchecked")
            Map<String, Object> answer = (Map<String, Object>) Json.parse(
                    client.connect("/").substring(1));
            assertThat(answer).containsOnlyKeys("sid", "pid");
            for (int i = 0; i < 5; i++) {
                io.emit("hello", i);
                assertThat(client.next()).matches("2\\[\"hello\"," + i + ",\"\\w+\"\\]");
            }
            assertThat(((io.github.socketiojakarta.adapter.InMemoryAdapter) io.of("/").adapter())
                    .recoveryStoreSize()[0]).isEqualTo(3);
        }
    }
}
