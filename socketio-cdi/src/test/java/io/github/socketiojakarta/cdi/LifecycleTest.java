package io.github.socketiojakarta.cdi;

import static io.github.socketiojakarta.cdi.JsClients.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.socketiojakarta.server.Socket;
import io.github.socketiojakarta.testing.TransportMode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The socket lifecycle reaches observer methods: {@code @Connecting}, {@code @Connected},
 * incoming events, {@code @Disconnected} with the reason, in this order, on the namespace the
 * observer selects, with the official JavaScript client over each transport; and every socket
 * is disconnected, observers included, when the application stops.
 */
class LifecycleTest {
    private static WeldTomcat tomcat;
    private static Recorder recorder;

    /** A chat message. */
    public record ChatMessage(String user, String text) {}

    /** Observers of {@code /chat} and of the main namespace. */
    @ApplicationScoped
    public static class ChatObservers {
        @Inject
        Recorder recorder;

        void connecting(@Observes @Connecting @OfNamespace("/chat") Socket socket) {
            recorder.add(nick(socket) + " connecting connected=" + socket.connected());
        }

        void connected(@Observes @Connected @OfNamespace("/chat") Socket socket) {
            recorder.add(nick(socket) + " connected connected=" + socket.connected());
            socket.emit("welcome", nick(socket));
        }

        void message(@Observes @OnEvent("message") @OfNamespace("/chat") Incoming<ChatMessage> in) {
            recorder.add(nick(in.socket()) + " message " + in.data());
            in.ack("got " + in.data().text());
        }

        void kick(@Observes @OnEvent("kick") @OfNamespace("/chat") Incoming<Object> in) {
            recorder.add(nick(in.socket()) + " kick");
            in.socket().disconnect();
        }

        void disconnected(@Observes @Disconnected @OfNamespace("/chat") Disconnection d) {
            recorder.add(nick(d.socket()) + " disconnected " + d.reason().reason()
                    + " connected=" + d.socket().connected());
        }

        void mainConnected(@Observes @Connected Socket socket) {
            recorder.add(nick(socket) + " main connected " + socket.namespace().name());
        }

        void mainMessage(@Observes @OnEvent("message") Incoming<ChatMessage> in) {
            recorder.add(nick(in.socket()) + " main message " + in.data().text());
            in.ack("main got " + in.data().text());
        }

        void mainDisconnected(@Observes @Disconnected Disconnection d) {
            recorder.add(nick(d.socket()) + " main disconnected " + d.reason().reason());
        }

        private static Object nick(Socket socket) {
            return socket.handshake().auth().get("nick");
        }
    }

    /** Observers of {@code /shutdown}; what they see outlives the deployment. */
    @ApplicationScoped
    public static class ShutdownObservers {
        static final List<String> SEEN = new CopyOnWriteArrayList<>();

        @Inject
        Recorder recorder;

        void connected(@Observes @Connected @OfNamespace("/shutdown") Socket socket) {
            SEEN.add("connected");
        }

        void disconnected(@Observes @Disconnected @OfNamespace("/shutdown") Disconnection d) {
            recorder.add("still injectable");
            SEEN.add("disconnected " + d.reason().reason());
        }
    }

    @BeforeAll
    static void start() {
        tomcat = WeldTomcat.start(ChatObservers.class, Recorder.class);
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
    void everyLifecycleEventReachesItsObserverInOrder(TransportMode mode) {
        String nick = "ann-" + mode;
        JsClients.Result r = JsClients.at(tomcat.url()).transport(mode)
                .client(client("ann").nsp("/chat").auth(Map.of("nick", nick))
                        .awaitOnConnect("welcome")
                        .emitWithAck("message", Map.of("user", "ann", "text", "hi")))
                .run();

        assertThat(r.events("ann", "welcome").getJsonArray(0).getString(0)).isEqualTo(nick);
        assertThat(r.ack("ann", 0).getString(0)).isEqualTo("got hi");
        await().atMost(Duration.ofSeconds(10)).until(() -> recorder.startingWith(nick + " ").size() == 4);
        assertThat(recorder.startingWith(nick + " ")).containsExactly(
                nick + " connecting connected=false",
                nick + " connected connected=true",
                nick + " message ChatMessage[user=ann, text=hi]",
                nick + " disconnected client namespace disconnect connected=false");
    }

    @Test
    void observersWithoutNamespaceSelectTheMainNamespaceOnly() {
        JsClients.Result r = JsClients.at(tomcat.url())
                .client(client("main").auth(Map.of("nick", "bo"))
                        .emitWithAck("message", Map.of("user", "bo", "text", "yo")))
                .client(client("chat").nsp("/chat").auth(Map.of("nick", "cy"))
                        .emitWithAck("message", Map.of("user", "cy", "text", "yo")))
                .run();

        assertThat(r.ack("main", 0).getString(0)).isEqualTo("main got yo");
        assertThat(r.ack("chat", 0).getString(0)).isEqualTo("got yo");
        await().atMost(Duration.ofSeconds(10)).until(() ->
                recorder.entries().containsAll(List.of("bo main disconnected client namespace disconnect",
                        "cy disconnected client namespace disconnect connected=false")));
        assertThat(recorder.startingWith("bo ")).containsExactly("bo main connected /",
                "bo main message yo", "bo main disconnected client namespace disconnect");
        assertThat(recorder.startingWith("cy ")).noneMatch(e -> e.contains(" main "));
    }

    @ParameterizedTest(name = "Socket.IO initializer first: {0}")
    @ValueSource(booleans = {true, false})
    void whenTheApplicationStopsEverySocketIsDisconnectedWhileTheContainerRuns(boolean socketIoFirst)
            throws Exception {
        ShutdownObservers.SEEN.clear();
        WeldTomcat.Builder builder = WeldTomcat.builder().beans(ShutdownObservers.class, Recorder.class);
        if (socketIoFirst) {
            builder.socketIoInitializerFirst();
        }
        WeldTomcat stopping = builder.start();
        CompletableFuture<JsClients.Result> client;
        try {
            client = CompletableFuture.supplyAsync(() -> JsClients.at(stopping.url())
                    .client(client("c").nsp("/shutdown").end("server")).run());
            await().atMost(Duration.ofSeconds(15)).until(() ->
                    ShutdownObservers.SEEN.contains("connected") || client.isDone());
        } finally {
            stopping.close();
        }

        client.get(20, TimeUnit.SECONDS);
        assertThat(ShutdownObservers.SEEN).containsExactly("connected",
                "disconnected server shutting down");
    }

    @Test
    void aClosedConnectionIsATransportClose() {
        JsClients.at(tomcat.url())
                .client(client("dee").nsp("/chat").auth(Map.of("nick", "dee")).end("close"))
                .run();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(recorder.entries()).contains("dee disconnected transport close connected=false"));
    }

    @Test
    void aSocketDisconnectedByAnObserverIsAServerNamespaceDisconnect() {
        JsClients.Result r = JsClients.at(tomcat.url())
                .client(client("eve").nsp("/chat").auth(Map.of("nick", "eve"))
                        .emit("kick").end("server"))
                .run();

        assertThat(r.client("eve").getString("disconnectReason")).isEqualTo("io server disconnect");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(recorder.entries())
                .contains("eve disconnected server namespace disconnect connected=false"));
        assertThat(recorder.startingWith("eve ")).containsExactly("eve connecting connected=false",
                "eve connected connected=true", "eve kick",
                "eve disconnected server namespace disconnect connected=false");
    }
}
