package io.github.socketiojakarta.benchmarks.codec;

import io.github.socketiojakarta.adapter.BroadcastOptions;
import io.github.socketiojakarta.adapter.InMemoryAdapter;
import io.github.socketiojakarta.adapter.LocalSocket;
import io.github.socketiojakarta.adapter.NamespaceHandle;
import io.github.socketiojakarta.adapter.OutboundPacket;
import io.github.socketiojakarta.adapter.SocketDetails;
import io.github.socketiojakarta.protocol.SocketPacket;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Broadcast encoding: a bench:msg event encoded once into its Engine.IO frames (what every
 * {@code io.emit} does), and the in-memory adapter handing that packet to N local sockets (the
 * sockets here only count, so this is the adapter's own per-recipient cost), with connection
 * state recovery off or on (on: each broadcast is stored with its offset); and, recovery on or
 * off, what one {@code socket.emit} costs the adapter (on, it goes through the adapter to the
 * socket's own room, to be stored).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BroadcastBenchmark {
    /** The sockets of the namespace. */
    @Param({"1000", "5000"})
    public int sockets;

    /** Connection state recovery: {@code off} or {@code on} (the reference's defaults). */
    @Param({"off", "on"})
    public String recovery;

    private final BroadcastOptions toOne = BroadcastOptions.rooms(java.util.Set.of("socket-0"));

    private Map<String, Object> message;
    private InMemoryAdapter adapter;
    private OutboundPacket packet;
    private long delivered;
    private LocalSocket first;

    @Setup
    public void setUp() {
        message = new LinkedHashMap<>();
        message.put("t", 1732590000000L);
        message.put("i", 42);
        message.put("pad", "x".repeat(100));
        List<LocalSocket> all = new ArrayList<>();
        for (int i = 0; i < sockets; i++) {
            all.add(new CountingSocket("socket-" + i));
        }
        adapter = new InMemoryAdapter(new Handle(all, recovery.equals("on")
                ? io.github.socketiojakarta.adapter.ConnectionStateRecovery.defaults() : null));
        adapter.init();
        first = all.get(0);
        for (LocalSocket s : all) {
            adapter.addAll(s.id(), java.util.Set.of(s.id()));
        }
        packet = OutboundPacket.encode(new SocketPacket.Event("/", List.of("bench:msg", message)), null);
    }

    /** Encoding one broadcast packet into its frames (once per emit, whatever N). */
    @Benchmark
    public OutboundPacket encodeOnce() {
        return OutboundPacket.encode(new SocketPacket.Event("/", List.of("bench:msg", message)), null);
    }

    /** One broadcast to every socket through the adapter (per emit; divide by N per recipient). */
    @Benchmark
    public void adapterBroadcast(Blackhole bh) {
        adapter.broadcast(packet, BroadcastOptions.ALL);
        bh.consume(delivered);
    }

    /**
     * One emit to one socket: with recovery on, through the adapter to the socket's room (stored,
     * offset appended), as {@code socket.emit} does; off, handed to the socket directly.
     */
    @Benchmark
    public void emitToOneSocket(Blackhole bh) {
        if (recovery.equals("on")) {
            adapter.broadcast(packet, toOne);
        } else {
            first.deliver(packet, false);
        }
        bh.consume(delivered);
    }

    private final class CountingSocket implements LocalSocket {
        private final String id;

        CountingSocket(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public boolean deliver(OutboundPacket p, boolean isVolatile) {
            delivered++;
            return true;
        }

        @Override
        public void deliverWithAck(OutboundPacket p, long ackId, Consumer<List<Object>> onAck,
                Runnable onGone) {
            delivered++;
        }

        @Override
        public void disconnect(boolean close) {}

        @Override
        public SocketDetails details() {
            throw new UnsupportedOperationException();
        }
    }

    private static final class Handle implements NamespaceHandle {
        private final Map<String, LocalSocket> sockets = new LinkedHashMap<>();
        private final io.github.socketiojakarta.adapter.ConnectionStateRecovery recovery;

        Handle(List<LocalSocket> all,
                io.github.socketiojakarta.adapter.ConnectionStateRecovery recovery) {
            this.recovery = recovery;
            for (LocalSocket s : all) {
                sockets.put(s.id(), s);
            }
        }

        @Override
        public String name() {
            return "/";
        }

        @Override
        public io.github.socketiojakarta.adapter.ConnectionStateRecovery recovery() {
            return recovery;
        }

        @Override
        public LocalSocket socket(String id) {
            return sockets.get(id);
        }

        @Override
        public Collection<? extends LocalSocket> sockets() {
            return sockets.values();
        }

        @Override
        public long nextAckId() {
            return 0;
        }

        @Override
        public void onServerSideEvent(List<Object> args, Consumer<List<Object>> reply) {}
    }
}
