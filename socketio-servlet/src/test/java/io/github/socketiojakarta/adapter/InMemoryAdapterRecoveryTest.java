package io.github.socketiojakarta.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.socketiojakarta.engine.codec.EnginePacket;
import io.github.socketiojakarta.protocol.SocketPacket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Connection state recovery in the in-memory adapter, without a server: which packets it keeps
 * and numbers, which sessions it restores with which missed packets (the reference adapter's
 * recovery cases), and the caps that bound its memory.
 */
class InMemoryAdapterRecoveryTest {

    /** What the watcher socket was sent, the last one last. */
    private static final List<OutboundPacket> SENT = new ArrayList<>();

    private static final LocalSocket WATCHER = new LocalSocket() {
        @Override
        public String id() {
            return "watcher";
        }

        @Override
        public boolean deliver(OutboundPacket packet, boolean isVolatile) {
            synchronized (SENT) {
                SENT.add(packet);
            }
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
    };

    private static InMemoryAdapter adapter(ConnectionStateRecovery recovery) {
        InMemoryAdapter a = new InMemoryAdapter(new NamespaceHandle() {
            @Override
            public String name() {
                return "/";
            }

            @Override
            public ConnectionStateRecovery recovery() {
                return recovery;
            }

            @Override
            public LocalSocket socket(String id) {
                return id.equals(WATCHER.id()) ? WATCHER : null;
            }

            @Override
            public Collection<? extends LocalSocket> sockets() {
                return List.of(WATCHER);
            }

            @Override
            public long nextAckId() {
                return 0;
            }

            @Override
            public void onServerSideEvent(List<Object> args, Consumer<List<Object>> reply) {}
        });
        a.init();
        return a;
    }

    private static InMemoryAdapter adapter() {
        return adapter(ConnectionStateRecovery.defaults());
    }

    private static OutboundPacket event(Object... args) {
        return OutboundPacket.encode(new SocketPacket.Event("/", List.of(args)), null);
    }

    private static OutboundPacket eventWithAck(Object... args) {
        return OutboundPacket.encode(new SocketPacket.Event("/", List.of(args), 7), null);
    }

    private static BroadcastOptions to(Set<String> rooms, Set<String> except, boolean vol) {
        return new BroadcastOptions(rooms, except, vol, false, true, -1);
    }

    private static String text(OutboundPacket p) {
        return ((EnginePacket.TextMessage) p.frames().get(0)).text();
    }

    private static PersistedSession session(String pid, String... rooms) {
        return new PersistedSession("sid-" + pid, pid, Set.of(rooms), Map.of("foo", "bar"));
    }

    @Test
    void persistsAndRestoresASessionWithNothingMissed() {
        InMemoryAdapter a = adapter();
        String offset = Recorder.broadcast(a, event("hello"), BroadcastOptions.ALL);
        a.persistSession(session("p1", "sid-p1", "r1"));

        RestoredSession restored = a.restoreSession("p1", offset).join();

        assertThat(restored.session().sid()).isEqualTo("sid-p1");
        assertThat(restored.session().pid()).isEqualTo("p1");
        assertThat(restored.session().rooms()).containsExactlyInAnyOrder("sid-p1", "r1");
        assertThat(restored.session().data()).containsEntry("foo", "bar");
        assertThat(restored.missedPackets()).isEmpty();
    }

    @Test
    void restoresTheMissedPacketsOfTheSessionsRoomsOnlyWithTheirOffsets() {
        InMemoryAdapter a = adapter();
        String offset = Recorder.broadcast(a, event("zero"), BroadcastOptions.ALL);
        a.persistSession(session("p1", "sid-p1", "r1", "r2"));

        String all = Recorder.broadcast(a, event("all"), BroadcastOptions.ALL);
        String room = Recorder.broadcast(a, event("room"), to(Set.of("r1"), Set.of(), false));
        Recorder.broadcast(a, event("except"), to(Set.of(), Set.of("r2"), false));
        String noExcept = Recorder.broadcast(a, event("no except"),
                to(Set.of(), Set.of("r3"), false));
        Recorder.broadcast(a, event("other room"), to(Set.of("r9"), Set.of(), false));
        assertThat(Recorder.broadcast(a, eventWithAck("with ack"), BroadcastOptions.ALL))
                .as("an event that asks for an ack gets no offset").isNull();
        assertThat(Recorder.broadcast(a, event("volatile"), to(Set.of(), Set.of(), true)))
                .as("a volatile event gets no offset").isNull();
        assertThat(Recorder.broadcast(a, OutboundPacket.encode(
                new SocketPacket.Ack("/", List.of("ack"), 3), null), BroadcastOptions.ALL))
                .as("an ACK is not kept").isNull();
        assertThat(a.recoveryStoreSize()[0]).isEqualTo(6);

        RestoredSession restored = a.restoreSession("p1", offset).join();

        assertThat(restored.missedPackets()).extracting(InMemoryAdapterRecoveryTest::text)
                .containsExactly("2[\"all\",\"" + all + "\"]", "2[\"room\",\"" + room + "\"]",
                        "2[\"no except\",\"" + noExcept + "\"]");
        assertThat(List.of(offset, all, room, noExcept)).doesNotHaveDuplicates();
    }

    @Test
    void anUnknownSessionIsNotRestored() {
        InMemoryAdapter a = adapter();
        String offset = Recorder.broadcast(a, event("hello"), BroadcastOptions.ALL);
        assertThat(a.restoreSession("nobody", offset).join()).isNull();
    }

    @Test
    void aKnownSessionWithAnUnknownOffsetIsNotRestoredNorKept() {
        InMemoryAdapter a = adapter();
        Recorder.broadcast(a, event("hello"), BroadcastOptions.ALL);
        a.persistSession(session("p1", "sid-p1"));
        for (String bad : List.of("zz", "", "-1", "1.5", "A", "not an offset", "zzzzzzzzzzzzzz")) {
            a.persistSession(session("p1", "sid-p1"));
            assertThat(a.restoreSession("p1", bad).join()).as(bad).isNull();
        }
        // a failed try uses the session up as well: the pid cannot be tried again
        assertThat(a.recoveryStoreSize()[2]).isZero();
    }

    @Test
    void aSessionIsRestoredOnce() {
        InMemoryAdapter a = adapter();
        String offset = Recorder.broadcast(a, event("hello"), BroadcastOptions.ALL);
        a.persistSession(session("p1", "sid-p1"));
        assertThat(a.restoreSession("p1", offset).join()).isNotNull();
        assertThat(a.restoreSession("p1", offset).join()).isNull();
    }

    @Test
    void offRecoveryKeepsNothingAndGivesNoOffset() {
        InMemoryAdapter a = adapter(null);
        assertThat(Recorder.broadcast(a, event("hello"), BroadcastOptions.ALL)).isNull();
        a.persistSession(session("p1", "sid-p1"));
        assertThat(a.recoveryStoreSize()).containsExactly(0, 0, 0);
        assertThat(a.restoreSession("p1", "0").join()).isNull();
    }

    @Test
    void aFloodOfBroadcastsStaysWithinThePacketCap() {
        InMemoryAdapter a = adapter(ConnectionStateRecovery.defaults().withLimits(100, 1 << 20, 10));
        String first = Recorder.broadcast(a, event("first"), BroadcastOptions.ALL);
        a.persistSession(session("p1", "sid-p1"));
        for (int i = 0; i < 5_000; i++) {
            Recorder.broadcast(a, event("flood", i), BroadcastOptions.ALL);
        }
        assertThat(a.recoveryStoreSize()[0]).isEqualTo(100);
        // the client's offset was dropped: it connects as a new socket
        assertThat(a.restoreSession("p1", first).join()).isNull();
    }

    @Test
    void aFloodOfBigBroadcastsStaysWithinTheByteCap() {
        InMemoryAdapter a = adapter(ConnectionStateRecovery.defaults()
                .withLimits(1_000_000, 10_000, 10));
        String big = "x".repeat(1_000);
        for (int i = 0; i < 500; i++) {
            Recorder.broadcast(a, event("big", big), BroadcastOptions.ALL);
            assertThat(a.recoveryStoreSize()[1]).isLessThanOrEqualTo(10_000);
        }
        long[] size = a.recoveryStoreSize();
        assertThat(size[0]).isBetween(9L, 10L);
        assertThat(size[1]).isGreaterThan(9_000);
        // a packet larger than the whole cap is sent (with its offset) but not kept
        assertThat(Recorder.broadcast(a, event("huge", "y".repeat(20_000)),
                BroadcastOptions.ALL)).isNotNull();
        assertThat(a.recoveryStoreSize()[1]).isLessThanOrEqualTo(10_000);
    }

    @Test
    void sessionsAreCappedOldestFirst() {
        InMemoryAdapter a = adapter(ConnectionStateRecovery.defaults().withLimits(100, 1 << 20, 3));
        String offset = Recorder.broadcast(a, event("hello"), BroadcastOptions.ALL);
        for (int i = 0; i < 1_000; i++) {
            a.persistSession(session("p" + i, "sid-p" + i));
        }
        assertThat(a.recoveryStoreSize()[2]).isEqualTo(3);
        assertThat(a.restoreSession("p996", offset).join()).isNull();
        assertThat(a.restoreSession("p997", offset).join()).isNotNull();
        assertThat(a.restoreSession("p999", offset).join()).isNotNull();
    }

    @Test
    void anExpiredSessionIsNotRestored() {
        InMemoryAdapter a = adapter(ConnectionStateRecovery.of(Duration.ofMillis(300), true));
        String offset = Recorder.broadcast(a, event("hello"), BroadcastOptions.ALL);
        a.persistSession(session("p1", "sid-p1"));
        long persisted = System.nanoTime();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> System.nanoTime() - persisted > Duration.ofMillis(400).toNanos());
        assertThat(a.restoreSession("p1", offset).join()).isNull();
    }

    /**
     * Broadcasts with the watcher socket in the packet's rooms, and returns the offset the
     * adapter appended to what the watcher was sent, or null when it appended none.
     */
    private static final class Recorder {
        static String broadcast(InMemoryAdapter a, OutboundPacket p, BroadcastOptions o) {
            a.delAll(WATCHER.id());
            Set<String> rooms = new java.util.HashSet<>(o.rooms());
            rooms.add(WATCHER.id());
            a.addAll(WATCHER.id(), rooms);
            OutboundPacket got;
            synchronized (SENT) {
                SENT.clear();
                a.broadcast(p, o);
                assertThat(SENT).as("the watcher got the packet").hasSize(1);
                got = SENT.get(0);
            }
            if (!(got.packet() instanceof SocketPacket.Event e)) {
                return null;
            }
            List<Object> sent = e.args();
            List<Object> given = ((SocketPacket.Event) p.packet()).args();
            if (sent.size() == given.size()) {
                assertThat(got).isSameAs(p);
                return null;
            }
            assertThat(sent).hasSize(given.size() + 1);
            String offset = (String) sent.get(sent.size() - 1);
            assertThat(text(got)).isEqualTo(text(p).substring(0, text(p).length() - 1)
                    + ",\"" + offset + "\"]");
            return offset;
        }
    }
}
