package io.github.socketiojakarta.cdi;

import static io.github.socketiojakarta.cdi.JsClients.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.socketiojakarta.server.Middleware;
import io.github.socketiojakarta.server.Socket;
import io.github.socketiojakarta.server.SocketIoServer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.servlet.ServletContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code @SocketScoped} beans: one instance per socket, the same in every observer of that
 * socket (connecting, connected, events, asynchronous observers, disconnected), and destroyed
 * ({@code @PreDestroy}) once the socket disconnected or was refused.
 */
class SocketScopeTest {
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static WeldTomcat tomcat;
    private static Recorder recorder;

    /** The user of one socket. */
    @SocketScoped
    public static class User {
        @Inject
        Recorder recorder;

        private final int instance = INSTANCES.incrementAndGet();
        private String nick;

        public String nick() {
            return nick;
        }

        public void nick(String value) {
            nick = value;
        }

        public int instance() {
            return instance;
        }

        @PreDestroy
        void destroyed() {
            recorder.add("destroyed " + nick + " #" + instance);
        }
    }

    /** Observers of {@code /scoped} that keep the nickname in the socket's {@link User}. */
    @ApplicationScoped
    public static class Observers {
        @Inject
        User user;

        @Inject
        Recorder recorder;

        void connecting(@Observes @Connecting @OfNamespace("/scoped") Socket socket) {
            user.nick((String) socket.handshake().auth().get("nick"));
            if ("refused".equals(user.nick())) {
                throw new Middleware.Rejection("go away", null);
            }
        }

        void connected(@Observes @Connected @OfNamespace("/scoped") Socket socket) {
            recorder.add("connected " + user.nick() + " #" + user.instance());
        }

        void whoami(@Observes @OnEvent("whoami") @OfNamespace("/scoped") Incoming<Object> in) {
            in.ack(user.nick(), user.instance());
        }

        void whoamiLater(@ObservesAsync @OnEvent("whoami-async") @OfNamespace("/scoped")
                Incoming<Object> in) {
            in.ack(user.nick(), user.instance());
        }

        void disconnected(@Observes @Disconnected @OfNamespace("/scoped") Disconnection d) {
            recorder.add("disconnected " + user.nick() + " #" + user.instance());
        }

        void disconnectedLater(@ObservesAsync @Disconnected @OfNamespace("/scoped") Disconnection d) {
            recorder.add("async disconnected " + user.nick() + " #" + user.instance());
        }
    }

    /**
     * A {@code @Connecting} observer of {@code /plain} that uses no socket-scoped bean, and the
     * application's own middleware after it, which refuses some sockets.
     */
    @ApplicationScoped
    public static class LateGate {
        @Inject
        SocketIoServer io;

        @Inject
        Recorder recorder;

        void connecting(@Observes @Connecting @OfNamespace("/plain") Socket socket) {
            recorder.add("plain connecting " + socket.handshake().auth().get("nick"));
        }

        void install(@Observes @Initialized(ApplicationScoped.class) ServletContext context) {
            io.of("/plain").use((socket, next) -> {
                if ("late".equals(socket.handshake().auth().get("nick"))) {
                    next.reject("refused later");
                } else {
                    next.proceed();
                }
            });
        }
    }

    @BeforeAll
    static void start() {
        tomcat = WeldTomcat.start(User.class, Observers.class, LateGate.class, Recorder.class);
        recorder = tomcat.bean(Recorder.class);
    }

    @AfterAll
    static void stop() {
        if (tomcat != null) {
            tomcat.close();
        }
    }

    @Test
    void eachSocketHasItsOwnInstanceUntilItDisconnects() {
        JsClients.Result r = JsClients.at(tomcat.url())
                .client(client("alice").nsp("/scoped").auth(Map.of("nick", "alice"))
                        .emitWithAck("whoami").emitWithAck("whoami-async").emitWithAck("whoami"))
                .client(client("bob").nsp("/scoped").auth(Map.of("nick", "bob"))
                        .emitWithAck("whoami").emitWithAck("whoami-async"))
                .run();

        JsonArray alice = r.ack("alice", 0);
        JsonArray bob = r.ack("bob", 0);
        assertThat(alice.getString(0)).isEqualTo("alice");
        assertThat(bob.getString(0)).isEqualTo("bob");
        assertThat(alice.getInt(1)).isNotEqualTo(bob.getInt(1));
        assertThat(r.ack("alice", 1)).isEqualTo(alice);
        assertThat(r.ack("alice", 2)).isEqualTo(alice);
        assertThat(r.ack("bob", 1)).isEqualTo(bob);

        for (String nick : List.of("alice #" + alice.getInt(1), "bob #" + bob.getInt(1))) {
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    recorder.entries().contains("destroyed " + nick));
            List<String> seen = recorder.entries().stream().filter(e -> e.endsWith(" " + nick))
                    .toList();
            assertThat(seen).containsExactlyInAnyOrder("connected " + nick, "disconnected " + nick,
                    "async disconnected " + nick, "destroyed " + nick);
            assertThat(seen).endsWith("destroyed " + nick);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> extension().context().activeStores() == 0);
    }

    @Test
    void theInstanceOfARefusedSocketIsDestroyed() {
        JsClients.Result r = JsClients.at(tomcat.url())
                .client(client("c").nsp("/scoped").auth(Map.of("nick", "refused")).refused())
                .run();

        assertThat(r.client("c").getJsonObject("connectError").getString("message"))
                .isEqualTo("go away");
        await().atMost(Duration.ofSeconds(5)).until(() ->
                recorder.entries().stream().anyMatch(e -> e.startsWith("destroyed refused #")));
        assertThat(recorder.entries()).noneMatch(e -> e.startsWith("connected refused"));
        assertThat(extension().context().activeStores()).isZero();
    }

    @Test
    void aSocketThatUsedNoScopedBeanLeavesNothingWhenLaterMiddlewareRefusesIt() {
        JsClients.Result r = JsClients.at(tomcat.url())
                .client(client("c").nsp("/plain").auth(Map.of("nick", "late")).refused())
                .run();

        assertThat(r.client("c").getJsonObject("connectError").getString("message"))
                .isEqualTo("refused later");
        assertThat(recorder.entries()).contains("plain connecting late");
        assertThat(extension().context().activeStores()).isZero();
    }

    @Test
    void theScopeIsNotActiveOutsideASocketsObservers() {
        User user = tomcat.bean(User.class);

        assertThatThrownBy(user::nick).isInstanceOf(ContextNotActiveException.class);
    }

    private static SocketIoExtension extension() {
        return tomcat.beanManager().getExtension(SocketIoExtension.class);
    }
}
