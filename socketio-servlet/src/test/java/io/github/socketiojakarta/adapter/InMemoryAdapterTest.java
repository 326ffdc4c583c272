package io.github.socketiojakarta.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The in-memory adapter's room bookkeeping, through its transitions between one member (or
 * room) and several: a socket alone in its own room, joining and leaving rooms, a room named
 * after another socket's id.
 */
class InMemoryAdapterTest {
    private final Map<String, LocalSocket> sockets = new LinkedHashMap<>();
    private final InMemoryAdapter adapter = new InMemoryAdapter(new NamespaceHandle() {
        @Override
        public String name() {
            return "/";
        }

        @Override
        public LocalSocket socket(String id) {
            return sockets.get(id);
        }

        @Override
        public Collection<? extends LocalSocket> sockets() {
            return List.copyOf(sockets.values());
        }

        @Override
        public long nextAckId() {
            return 0;
        }

        @Override
        public void onServerSideEvent(List<Object> args, Consumer<List<Object>> reply) {}
    });

    private void connect(String id) {
        sockets.put(id, new LocalSocket() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public boolean deliver(OutboundPacket packet, boolean isVolatile) {
                return true;
            }

            @Override
            public void deliverWithAck(OutboundPacket packet, long ackId,
                    Consumer<List<Object>> onAck, Runnable onGone) {}

            @Override
            public void disconnect(boolean close) {}

            @Override
            public SocketDetails details() {
                return null;
            }
        });
        adapter.addAll(id, Set.of(id));
    }

    @Test
    void aSocketIsAloneInItsOwnRoom() {
        connect("a");
        connect("b");
        assertThat(adapter.socketRooms("a")).containsExactly("a");
        assertThat(adapter.sockets(Set.of("a"))).containsExactly("a");
        assertThat(adapter.sockets(Set.of("a", "b"))).containsExactlyInAnyOrder("a", "b");
        assertThat(adapter.rooms()).containsExactlyInAnyOrder("a", "b");
        assertThat(adapter.socketRooms("nobody")).isEmpty();
    }

    @Test
    void joiningAndLeavingKeepsOrderAndDropsEmptyRooms() {
        connect("a");
        connect("b");
        adapter.addAll("a", new java.util.LinkedHashSet<>(List.of("x", "y")));
        adapter.addAll("b", Set.of("x"));
        adapter.addAll("a", Set.of("x")); // already in: no change
        assertThat(adapter.socketRooms("a")).containsExactly("a", "x", "y");
        assertThat(adapter.sockets(Set.of("x"))).containsExactly("a", "b");
        adapter.del("a", "x");
        assertThat(adapter.sockets(Set.of("x"))).containsExactly("b");
        adapter.addAll("a", Set.of("x"));
        assertThat(adapter.sockets(Set.of("x"))).containsExactly("b", "a");
        adapter.del("a", "y");
        adapter.del("a", "x");
        assertThat(adapter.socketRooms("a")).containsExactly("a");
        assertThat(adapter.rooms()).containsExactlyInAnyOrder("a", "b", "x");
        adapter.del("b", "x");
        assertThat(adapter.rooms()).containsExactlyInAnyOrder("a", "b");
        adapter.del("b", "never-joined");
        assertThat(adapter.socketRooms("b")).containsExactly("b");
    }

    @Test
    void aSocketMayLeaveItsOwnRoomAndJoinAnothersId() {
        connect("a");
        connect("b");
        adapter.addAll("a", Set.of("b"));
        assertThat(adapter.sockets(Set.of("b"))).containsExactly("b", "a");
        adapter.del("a", "a");
        assertThat(adapter.socketRooms("a")).containsExactly("b");
        assertThat(adapter.sockets(Set.of("a"))).isEmpty();
        adapter.del("b", "b");
        assertThat(adapter.sockets(Set.of("b"))).containsExactly("a");
        assertThat(adapter.socketRooms("b")).isEmpty();
        adapter.delAll("a");
        assertThat(adapter.rooms()).isEmpty();
        assertThat(adapter.socketRooms("a")).isEmpty();
    }

    @Test
    void leavingEverythingRemovesEveryTrace() {
        connect("a");
        adapter.addAll("a", Set.of("x"));
        adapter.addAll("a", Set.of("y"));
        adapter.delAll("a");
        adapter.delAll("a");
        assertThat(adapter.rooms()).isEmpty();
        assertThat(adapter.socketRooms("a")).isEmpty();
        connect("a");
        assertThat(adapter.socketRooms("a")).containsExactly("a");
        adapter.del("a", "a");
        assertThat(adapter.rooms()).isEmpty();
        adapter.addAll("a", Set.of("a"));
        assertThat(adapter.socketRooms("a")).containsExactly("a");
    }

    @Test
    void broadcastsReachTheRoomsMembersButNotTheExcluded() {
        connect("a");
        connect("b");
        connect("c");
        adapter.addAll("a", Set.of("x"));
        adapter.addAll("c", Set.of("x"));
        assertThat(adapter.sockets(Set.of())).containsExactly("a", "b", "c");
        // the selection of a broadcast to x and b except c: a (in x) and b (its own room)
        adapter.addSockets(new BroadcastOptions(Set.of("x", "b"), Set.of("c"), false, false,
                true, -1), Set.of("picked"));
        assertThat(adapter.sockets(Set.of("picked"))).containsExactlyInAnyOrder("a", "b");
        adapter.delSockets(BroadcastOptions.ALL, Set.of("picked"));
        assertThat(adapter.rooms()).containsExactlyInAnyOrder("a", "b", "c", "x");
    }
}
