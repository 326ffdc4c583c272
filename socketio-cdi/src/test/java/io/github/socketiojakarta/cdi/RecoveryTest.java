package io.github.socketiojakarta.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.socketiojakarta.server.DisconnectReason;
import io.github.socketiojakarta.server.Socket;
import io.github.socketiojakarta.testing.NodeScript;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Connection state recovery ({@code socketio.connectionStateRecovery=true}) seen from observer
 * methods: a fresh socket's {@code @Connected} observer sees {@code recovered() == false}; after
 * its client loses the connection and comes back, the {@code @Connected} observer sees the same
 * id with {@code recovered() == true} and the same {@code data()}, and the {@code @Connecting}
 * observer is skipped (the reference's default, {@code skipMiddlewares}). The recovered socket
 * gets a new {@code @SocketScoped} instance even while the lost socket's asynchronous
 * {@code @Disconnected} observer still runs with the old one, and the old one is destroyed
 * without taking the new one along.
 */
class RecoveryTest {
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    /** Opened by the recovered socket's {@code @Connected} observer. */
    private static final CountDownLatch RECOVERED_CONNECTED = new CountDownLatch(1);
    private static WeldTomcat tomcat;
    private static Recorder recorder;

    /** Per-socket state of {@code /csr}. */
    @SocketScoped
    public static class Visit {
        @Inject
        Recorder recorder;

        private final int instance = INSTANCES.incrementAndGet();

        public int instance() {
            return instance;
        }

        @PreDestroy
        void destroyed() {
            recorder.add("destroyed #" + instance);
        }
    }

    /** Observers of {@code /csr}. */
    @ApplicationScoped
    public static class Observers {
        @Inject
        Visit visit;

        @Inject
        Recorder recorder;

        void connecting(@Observes @Connecting @OfNamespace("/csr") Socket socket) {
            recorder.add("connecting recovered=" + socket.recovered());
            socket.data().put("nick", socket.handshake().auth().get("nick"));
        }

        void connected(@Observes @Connected @OfNamespace("/csr") Socket socket) {
            recorder.add("connected " + socket.id() + " recovered=" + socket.recovered()
                    + " nick=" + socket.data().get("nick") + " #" + visit.instance());
            if (socket.recovered()) {
                RECOVERED_CONNECTED.countDown();
            } else {
                socket.emit("welcome", "hello");
            }
        }

        void whoami(@Observes @OnEvent("whoami") @OfNamespace("/csr") Incoming<Object> in) {
            in.ack(in.socket().id(), visit.instance());
        }

        /** The lost socket's last observer: it runs until the recovered socket connected. */
        void disconnected(@ObservesAsync @Disconnected @OfNamespace("/csr") Disconnection d)
                throws InterruptedException {
            if (d.reason() == DisconnectReason.TRANSPORT_CLOSE) {
                boolean opened = RECOVERED_CONNECTED.await(10, TimeUnit.SECONDS);
                recorder.add("lost " + d.socket().id() + " waited=" + opened + " #"
                        + visit.instance());
            } else {
                recorder.add("left " + d.socket().id() + " #" + visit.instance());
            }
        }
    }

    @BeforeAll
    static void start() {
        tomcat = WeldTomcat.builder().beans(Visit.class, Observers.class, Recorder.class)
                .param("socketio.connectionStateRecovery", "true").start();
        recorder = tomcat.bean(Recorder.class);
    }

    @AfterAll
    static void stop() {
        if (tomcat != null) {
            tomcat.close();
        }
    }

    @Test
    void theConnectedObserverSeesTheRecoveredSocketWithItsIdAndDataInANewScope() {
        JsonObject args = Json.createObjectBuilder()
                .add("url", tomcat.url())
                .add("nsp", "/csr")
                .add("auth", Json.createObjectBuilder().add("nick", "ann"))
                .add("awaitOnConnect", Json.createArrayBuilder().add("welcome"))
                .add("ackEvent", "whoami")
                .add("timeoutMs", 15_000)
                .build();

        JsonObject r = NodeScript.run("cdi-recovery.mjs", args, Duration.ofSeconds(25))
                .assertOk().json();

        JsonArray connections = r.getJsonArray("connections");
        String id = connections.getJsonObject(0).getString("id");
        assertThat(connections.getJsonObject(0).getBoolean("recovered")).isFalse();
        assertThat(connections.getJsonObject(1).getString("id")).isEqualTo(id);
        assertThat(connections.getJsonObject(1).getBoolean("recovered")).isTrue();
        // the welcome came once, with its offset as an extra last argument
        JsonArray events = r.getJsonArray("events");
        assertThat(events).hasSize(1);
        assertThat(events.getJsonArray(0).getString(0)).isEqualTo("welcome");
        assertThat(events.getJsonArray(0).getString(1)).isEqualTo("hello");
        assertThat(events.getJsonArray(0)).hasSize(3);

        await().atMost(Duration.ofSeconds(10)).until(() ->
                recorder.startingWith("destroyed #").size() == 2);
        List<String> connected = recorder.startingWith("connected ");
        assertThat(connected).hasSize(2);
        String first = connected.get(0);
        String again = connected.get(1);
        assertThat(first).startsWith("connected " + id + " recovered=false nick=ann #");
        assertThat(again).startsWith("connected " + id + " recovered=true nick=ann #");
        int firstInstance = instance(first);
        int recoveredInstance = instance(again);
        assertThat(recoveredInstance).isNotEqualTo(firstInstance);
        // only the fresh socket went through @Connecting
        assertThat(recorder.startingWith("connecting ")).containsExactly("connecting recovered=false");
        // the lost socket's asynchronous observer kept its own instance while the recovered
        // socket connected; the recovered socket's events see the recovered socket's instance
        assertThat(recorder.startingWith("lost ")).containsExactly(
                "lost " + id + " waited=true #" + firstInstance);
        assertThat(r.getJsonArray("ack").getString(0)).isEqualTo(id);
        assertThat(r.getJsonArray("ack").getInt(1)).isEqualTo(recoveredInstance);
        assertThat(recorder.startingWith("left ")).containsExactly(
                "left " + id + " #" + recoveredInstance);
        assertThat(recorder.startingWith("destroyed #")).containsExactlyInAnyOrder(
                "destroyed #" + firstInstance, "destroyed #" + recoveredInstance);
        await().atMost(Duration.ofSeconds(5)).until(() -> tomcat.beanManager()
                .getExtension(SocketIoExtension.class).context().activeStores() == 0);
    }

    private static int instance(String entry) {
        return Integer.parseInt(entry.substring(entry.lastIndexOf('#') + 1));
    }
}
