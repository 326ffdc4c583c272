package io.github.socketiojakarta.cdi;

import static io.github.socketiojakarta.cdi.JsClients.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.socketiojakarta.server.Socket;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import jakarta.json.JsonString;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How observers are called: {@code @ObservesAsync} observers run off the socket's order (they
 * reach the socket, the data and the ack, and do not hold up later events), and observers of
 * one socket event run in {@code @Priority} order.
 */
class DeliveryTest {
    private static WeldTomcat tomcat;
    private static Recorder recorder;

    /** A record payload. */
    public record ChatMessage(String user, String text) {}

    /** Asynchronous observers of {@code /async}. */
    @ApplicationScoped
    public static class AsyncObservers {
        @Inject
        Recorder recorder;

        /** Waits until the socket's next "release" event, which it could not if it held the order. */
        void hold(@ObservesAsync @OnEvent("hold") @OfNamespace("/async")
                Incoming<ChatMessage> in) throws InterruptedException {
            boolean released = latch(in.socket()).await(5, TimeUnit.SECONDS);
            in.ack(released ? "released" : "not released", in.socket().id(), in.data().text());
        }

        void release(@Observes @OnEvent("release") @OfNamespace("/async") Incoming<Object> in) {
            latch(in.socket()).countDown();
        }

        void connected(@ObservesAsync @Connected @OfNamespace("/async") Socket socket) {
            socket.emit("async-hello", socket.id());
        }

        void disconnected(@ObservesAsync @Disconnected @OfNamespace("/async") Disconnection d) {
            recorder.add("async disconnected " + d.socket().handshake().auth().get("nick") + " "
                    + d.reason().reason());
        }

        private static CountDownLatch latch(Socket socket) {
            return (CountDownLatch) socket.data().computeIfAbsent("release",
                    k -> new CountDownLatch(1));
        }
    }

    /** Observers of {@code /order}, declared out of their priority order, in two beans. */
    @ApplicationScoped
    public static class OrderedObservers {
        void last(@Observes @Priority(3000) @OnEvent("order") @OfNamespace("/order") Incoming<Object> in) {
            calls(in.socket()).add("3000");
            in.ack(calls(in.socket()));
        }

        void first(@Observes @Priority(1000) @OnEvent("order") @OfNamespace("/order") Incoming<Object> in) {
            calls(in.socket()).add("1000");
        }

        void connectedLast(@Observes @Priority(20) @Connected @OfNamespace("/order") Socket socket) {
            calls(socket).add("connected 20");
            socket.emit("connected-order", calls(socket));
        }

        void connectingSecond(@Observes @Priority(20) @Connecting @OfNamespace("/order") Socket socket) {
            calls(socket).add("connecting 20");
        }

        @SuppressWarnings("unchecked")
        static List<String> calls(Socket socket) {
            return (List<String>) socket.data().computeIfAbsent("calls",
                    k -> new CopyOnWriteArrayList<String>());
        }
    }

    /** More observers of {@code /order}. */
    @ApplicationScoped
    public static class MoreOrderedObservers {
        void byDefault(@Observes @OnEvent("order") @OfNamespace("/order") Incoming<Object> in) {
            OrderedObservers.calls(in.socket()).add("default");
        }

        void second(@Observes @Priority(2000) @OnEvent("order") @OfNamespace("/order") Incoming<Object> in) {
            OrderedObservers.calls(in.socket()).add("2000");
        }

        void connectingFirst(@Observes @Priority(10) @Connecting @OfNamespace("/order") Socket socket) {
            OrderedObservers.calls(socket).add("connecting 10");
        }

        void connectedFirst(@Observes @Priority(10) @Connected @OfNamespace("/order") Socket socket) {
            OrderedObservers.calls(socket).add("connected 10");
        }
    }

    @BeforeAll
    static void start() {
        tomcat = WeldTomcat.start(AsyncObservers.class, OrderedObservers.class,
                MoreOrderedObservers.class, Recorder.class);
        recorder = tomcat.bean(Recorder.class);
    }

    @AfterAll
    static void stop() {
        if (tomcat != null) {
            tomcat.close();
        }
    }

    @Test
    void asyncObserversReachTheSocketTheDataAndTheAckWithoutHoldingUpLaterEvents() {
        JsClients.Result r = JsClients.at(tomcat.url())
                .client(client("c").nsp("/async").auth(Map.of("nick", "al"))
                        .awaitOnConnect("async-hello")
                        .emitWithAckNoWait("hold", Map.of("user", "al", "text", "wait for me"))
                        .emit("release"))
                .run();

        String id = r.client("c").getString("id");
        assertThat(r.events("c", "async-hello").getJsonArray(0).getString(0)).isEqualTo(id);
        assertThat(r.ack("c", 0).getValuesAs(JsonString::getString))
                .containsExactly("released", id, "wait for me");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(recorder.entries())
                .contains("async disconnected al client namespace disconnect"));
    }

    @Test
    void observersOfOneEventRunInPriorityOrder() {
        JsClients.Result r = JsClients.at(tomcat.url())
                .client(client("c").nsp("/order").awaitOnConnect("connected-order")
                        .emitWithAck("order"))
                .run();

        assertThat(r.events("c", "connected-order").getJsonArray(0).getJsonArray(0)
                .getValuesAs(JsonString::getString))
                .containsExactly("connecting 10", "connecting 20", "connected 10", "connected 20");
        assertThat(r.ack("c", 0).getJsonArray(0).getValuesAs(JsonString::getString))
                .containsExactly("connecting 10", "connecting 20", "connected 10", "connected 20",
                        "1000", "2000", "default", "3000");
    }
}
