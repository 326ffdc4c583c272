package io.github.socketiojakarta.cdi;

import static io.github.socketiojakarta.cdi.JsClients.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.socketiojakarta.server.Middleware;
import io.github.socketiojakarta.server.Socket;
import io.github.socketiojakarta.testing.TransportMode;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A {@code @Connecting} observer that throws refuses the socket: the client's
 * {@code connect_error} carries the message (and the data of a
 * {@link Middleware.Rejection}), later connecting observers and the connected ones do not run,
 * and other sockets connect as usual.
 */
class RejectionTest {
    private static WeldTomcat tomcat;
    private static Recorder recorder;

    /** Connection middleware of {@code /guarded}. */
    @ApplicationScoped
    public static class Guard {
        @Inject
        Recorder recorder;

        void nickname(@Observes @Priority(1) @Connecting @OfNamespace("/guarded") Socket socket)
                throws IOException {
            Object nick = socket.handshake().auth().get("nick");
            recorder.add("first saw " + nick);
            if (nick == null) {
                throw new IllegalStateException("nickname required");
            }
            if ("taken".equals(nick)) {
                throw new Middleware.Rejection("nickname taken",
                        Map.of("nick", nick, "suggestion", nick + "_2"));
            }
            if ("io".equals(nick)) {
                throw new IOException("directory unavailable");
            }
        }

        void second(@Observes @Priority(2) @Connecting @OfNamespace("/guarded") Socket socket) {
            recorder.add("second saw " + socket.handshake().auth().get("nick"));
        }

        void connected(@Observes @Connected @OfNamespace("/guarded") Socket socket) {
            recorder.add("connected " + socket.handshake().auth().get("nick"));
        }

        void hello(@Observes @OnEvent("hello") @OfNamespace("/guarded") Incoming<String> in) {
            in.ack("hello " + in.data());
        }
    }

    @BeforeAll
    static void start() {
        tomcat = WeldTomcat.start(Guard.class, Recorder.class);
        recorder = tomcat.bean(Recorder.class);
    }

    @AfterAll
    static void stop() {
        if (tomcat != null) {
            tomcat.close();
        }
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void aRejectionSendsItsMessageAndDataToTheClient(TransportMode mode) {
        JsClients.Result r = JsClients.at(tomcat.url()).transport(mode)
                .client(client("c").nsp("/guarded").auth(Map.of("nick", "taken")).refused())
                .run();

        JsonObject error = r.client("c").getJsonObject("connectError");
        assertThat(error.getString("message")).isEqualTo("nickname taken");
        assertThat(error.getJsonObject("data")).isEqualTo(Json.createObjectBuilder()
                .add("nick", "taken").add("suggestion", "taken_2").build());
    }

    @Test
    void anyOtherExceptionRefusesWithItsMessage() {
        JsClients.Result r = JsClients.at(tomcat.url())
                .client(client("anonymous").nsp("/guarded").refused())
                .client(client("io").nsp("/guarded").auth(Map.of("nick", "io")).refused())
                .run();

        assertThat(r.client("anonymous").getJsonObject("connectError").getString("message"))
                .isEqualTo("nickname required");
        assertThat(r.client("anonymous").getJsonObject("connectError").get("data"))
                .isEqualTo(JsonValue.NULL);
        assertThat(r.client("io").getJsonObject("connectError").getString("message"))
                .isEqualTo("directory unavailable");
    }

    @Test
    void aRefusedSocketReachesNoLaterObserverAndOthersConnect() {
        JsClients.Result r = JsClients.at(tomcat.url())
                .client(client("refused").nsp("/guarded").auth(Map.of("nick", "taken")).refused())
                .client(client("welcome").nsp("/guarded").auth(Map.of("nick", "kim"))
                        .emitWithAck("hello", "there"))
                .run();

        assertThat(r.ack("welcome", 0).getString(0)).isEqualTo("hello there");
        await().atMost(Duration.ofSeconds(5)).until(() -> recorder.entries().contains("connected kim"));
        assertThat(recorder.entries()).contains("first saw taken", "first saw kim",
                "second saw kim").doesNotContain("second saw taken", "connected taken");
    }
}
