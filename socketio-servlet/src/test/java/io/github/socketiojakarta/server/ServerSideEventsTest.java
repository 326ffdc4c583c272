package io.github.socketiojakarta.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.socketiojakarta.adapter.InMemoryAdapter;
import io.github.socketiojakarta.adapter.NamespaceHandle;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Server-side events as the adapter hands them in ({@link NamespaceHandle#onServerSideEvent}):
 * a listener's {@link Event#ack} reaches the reply the adapter gave, once, and an event sent
 * without ack cannot be answered. The cluster round trip is in socketio-redis
 * ({@code RedisNodeRequestsTest}: a Node.js node's {@code serverSideEmitWithAck}).
 */
class ServerSideEventsTest {
    private final Map<String, NamespaceHandle> handles = new ConcurrentHashMap<>();

    private SocketIoServer server() {
        return SocketIoServer.create(ServerOptions.builder().adapter(ns -> {
            handles.put(ns.name(), ns);
            return new InMemoryAdapter(ns);
        }).build());
    }

    @Test
    void aListenersAckReachesTheAdaptersReplyOnce() {
        List<List<Object>> replies = new CopyOnWriteArrayList<>();
        List<Boolean> results = new CopyOnWriteArrayList<>();
        try (SocketIoServer io = server()) {
            io.of("/").onServerSideEvent("ask", e -> {
                assertThat(e.socket()).isNull();
                assertThat(e.wantsAck()).isTrue();
                results.add(e.ack(Map.of("answer", e.args().get(0)), "ignored"));
            });
            // a second listener of the same event: the event was answered already
            io.of("/").onServerSideEvent("ask", e -> results.add(e.ack("late")));
            handles.get("/").onServerSideEvent(List.of("ask", 42L), replies::add);
        }
        assertThat(results).containsExactly(true, false);
        assertThat(replies).containsExactly(List.of(Map.of("answer", 42L), "ignored"));
    }

    @Test
    void anEventSentWithoutAckCannotBeAnswered() {
        List<Object> seen = new CopyOnWriteArrayList<>();
        try (SocketIoServer io = server()) {
            io.of("/custom").onServerSideEvent("tell", e -> {
                seen.add(e.args().values());
                seen.add(e.wantsAck());
                seen.add(e.ack("nobody listens"));
            });
            handles.get("/custom").onServerSideEvent(List.of("tell", "x"), null);
            // an event nobody listens to, and an empty one, are dropped
            handles.get("/custom").onServerSideEvent(List.of("other"), r -> seen.add(r));
            handles.get("/custom").onServerSideEvent(List.of(), r -> seen.add(r));
        }
        assertThat(seen).containsExactly(List.of("x"), false, false);
    }
}
