package io.github.socketiojakarta.server;

import io.github.socketiojakarta.adapter.BroadcastOptions;
import io.github.socketiojakarta.adapter.OutboundPacket;
import io.github.socketiojakarta.adapter.SocketDetails;
import io.github.socketiojakarta.protocol.SocketPacket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * An immutable broadcast target: rooms to reach, rooms to leave out, and flags. Every modifier
 * returns a new operator; {@link #emit} ends in the adapter's broadcast, with the packet
 * encoded once for every recipient.
 *
 * <p>Thread-safe; emitting never blocks.
 */
public final class BroadcastOperator {

    /** The flags of an operator. */
    record Flags(boolean isVolatile, boolean local, boolean compress, long timeoutMillis) {
        static final Flags NONE = new Flags(false, false, true, -1);
    }

    private final Namespace namespace;
    private final Set<String> rooms;
    private final Set<String> except;
    private final Flags flags;

    BroadcastOperator(Namespace namespace, Flags flags) {
        this(namespace, Set.of(), Set.of(), flags);
    }

    private BroadcastOperator(Namespace namespace, Set<String> rooms, Set<String> except,
            Flags flags) {
        this.namespace = namespace;
        this.rooms = rooms;
        this.except = except;
        this.flags = flags;
    }

    /** The namespace the broadcast starts from. */
    Namespace namespace() {
        return namespace;
    }

    /** Adds rooms to reach. */
    public BroadcastOperator to(String... more) {
        return new BroadcastOperator(namespace, union(rooms, more), except, flags);
    }

    /** Same as {@link #to}. */
    public BroadcastOperator in(String... more) {
        return to(more);
    }

    /** Adds rooms to leave out (a socket id leaves out that socket). */
    public BroadcastOperator except(String... more) {
        return new BroadcastOperator(namespace, rooms, union(except, more), flags);
    }

    /** Sockets not ready to write miss the packet instead of queueing it. */
    public BroadcastOperator asVolatile() {
        return withFlags(new Flags(true, flags.local(), flags.compress(), flags.timeoutMillis()));
    }

    /** Only this node's sockets (no effect with the in-memory adapter). */
    public BroadcastOperator local() {
        return withFlags(new Flags(flags.isVolatile(), true, flags.compress(), flags.timeoutMillis()));
    }

    /** Sets the compress flag. */
    public BroadcastOperator compress(boolean compress) {
        return withFlags(new Flags(flags.isVolatile(), flags.local(), compress, flags.timeoutMillis()));
    }

    /** Waits for acks at most {@code timeout} ({@link #emitWithAck}). */
    public BroadcastOperator timeout(Duration timeout) {
        return withFlags(new Flags(flags.isVolatile(), flags.local(), flags.compress(),
                timeout.toMillis()));
    }

    private BroadcastOperator withFlags(Flags f) {
        return new BroadcastOperator(namespace, rooms, except, f);
    }

    BroadcastOptions options() {
        return new BroadcastOptions(rooms, except, flags.isVolatile(), flags.local(),
                flags.compress(), flags.timeoutMillis());
    }

    /**
     * Emits an event to the selected sockets.
     *
     * @return true (the broadcast was handed to the adapter)
     * @throws IllegalArgumentException for a reserved event name or an argument that cannot be
     *     written as JSON
     */
    public boolean emit(String event, Object... args) {
        Outgoing.checkReserved(event);
        List<Object> list = Outgoing.eventArgs(event, args);
        BroadcastOptions options = options();
        for (Namespace target : namespace.broadcastTargets()) {
            OutboundPacket packet = target.encode(new SocketPacket.Event(target.name(), list));
            target.adapter().broadcast(packet, options);
        }
        return true;
    }

    /**
     * Emits an event to the selected sockets and collects one answer per socket. Completes when
     * every recipient answered (or disconnected); with {@link #timeout}, fails after it with an
     * {@link AckTimeoutException} that carries the answers received.
     */
    public CompletableFuture<List<Arguments>> emitWithAck(String event, Object... args) {
        Outgoing.checkReserved(event);
        List<Object> list = Outgoing.eventArgs(event, args);
        BroadcastOptions options = options();
        List<Namespace> targets = namespace.broadcastTargets();
        AckCollector collector = new AckCollector();
        long[] ackIds = new long[targets.size()];
        for (int i = 0; i < ackIds.length; i++) {
            ackIds[i] = targets.get(i).nextAckId();
        }
        if (flags.timeoutMillis() >= 0) {
            collector.timer = namespace.server().engine().scheduleTask(() -> {
                namespace.server().counters.ackTimeouts.increment();
                collector.timeout();
                // the sockets that did not answer stop waiting: no callback is kept
                for (int i = 0; i < ackIds.length; i++) {
                    for (Socket s : targets.get(i).sockets().values()) {
                        s.forgetBroadcastAck(ackIds[i]);
                    }
                }
            }, flags.timeoutMillis());
        }
        for (int i = 0; i < ackIds.length; i++) {
            Namespace target = targets.get(i);
            long ackId = ackIds[i];
            OutboundPacket packet = target.encode(new SocketPacket.Event(target.name(), list, ackId));
            target.adapter().broadcastWithAck(packet, ackId, options, collector::expect,
                    values -> collector.answer(new Arguments(values, target.mapper())),
                    collector::gone);
        }
        // how many client counts to wait for: one per node, asked now (a cluster adapter asks
        // its broker; the answers may come first, the collector waits for both)
        CompletableFuture<Integer> servers = CompletableFuture.completedFuture(0);
        for (Namespace t : targets) {
            CompletableFuture<Integer> count = t.adapter().countServers()
                    .exceptionally(e -> t.adapter().serverCount());
            servers = servers.thenCombine(count, Integer::sum);
        }
        servers.thenAccept(collector::servers);
        return collector.future;
    }

    /** The selected sockets, on every node. */
    public CompletableFuture<List<RemoteSocket>> fetchSockets() {
        BroadcastOptions options = options();
        List<CompletableFuture<List<RemoteSocket>>> parts = new ArrayList<>();
        for (Namespace target : namespace.broadcastTargets()) {
            parts.add(target.adapter().fetchSockets(options).thenApply(list -> {
                List<RemoteSocket> out = new ArrayList<>(list.size());
                for (SocketDetails d : list) {
                    out.add(new RemoteSocket(target, d));
                }
                return out;
            }));
        }
        return CompletableFuture.allOf(parts.toArray(new CompletableFuture<?>[0])).thenApply(v -> {
            List<RemoteSocket> all = new ArrayList<>();
            for (CompletableFuture<List<RemoteSocket>> p : parts) {
                all.addAll(p.join());
            }
            return all;
        });
    }

    /** Makes the selected sockets join rooms. */
    public void socketsJoin(String... toJoin) {
        Set<String> set = new LinkedHashSet<>(Arrays.asList(toJoin));
        for (Namespace target : namespace.broadcastTargets()) {
            target.adapter().addSockets(options(), set);
        }
    }

    /** Makes the selected sockets leave rooms. */
    public void socketsLeave(String... toLeave) {
        Set<String> set = new LinkedHashSet<>(Arrays.asList(toLeave));
        for (Namespace target : namespace.broadcastTargets()) {
            target.adapter().delSockets(options(), set);
        }
    }

    /** Disconnects the selected sockets (with {@code close}, their whole connections). */
    public void disconnectSockets(boolean close) {
        for (Namespace target : namespace.broadcastTargets()) {
            target.adapter().disconnectSockets(options(), close);
        }
    }

    private static Set<String> union(Set<String> a, String[] b) {
        Set<String> out = new LinkedHashSet<>(a);
        out.addAll(Arrays.asList(b));
        return Set.copyOf(out);
    }

    /** Collects the answers of a broadcast with acks. */
    private static final class AckCollector {
        final CompletableFuture<List<Arguments>> future = new CompletableFuture<>();
        // -1 until the adapters have said how many nodes answer
        private int servers = -1;
        private final List<Arguments> answers = new ArrayList<>();
        private int serversCounted;
        private int expected;
        private int done;
        volatile ScheduledFuture<?> timer;

        /** How many nodes will send a client count; the last fact that can complete it. */
        void servers(int count) {
            synchronized (this) {
                servers = count;
            }
            check();
        }

        /**
         * One server's count of the clients it reached. The last count can complete the
         * broadcast (every answer may already be in, or there was nobody to answer).
         */
        void expect(int clients) {
            synchronized (this) {
                serversCounted++;
                expected += clients;
            }
            check();
        }

        void answer(Arguments a) {
            synchronized (this) {
                answers.add(a);
                done++;
            }
            check();
        }

        void gone() {
            synchronized (this) {
                done++;
            }
            check();
        }

        void check() {
            List<Arguments> result;
            synchronized (this) {
                if (servers < 0 || serversCounted < servers || done < expected) {
                    return;
                }
                result = List.copyOf(answers);
            }
            if (future.complete(result)) {
                ScheduledFuture<?> t = timer;
                if (t != null) {
                    t.cancel(false);
                }
            }
        }

        void timeout() {
            List<Arguments> partial;
            synchronized (this) {
                partial = List.copyOf(answers);
            }
            future.completeExceptionally(new AckTimeoutException(
                    "operation has timed out", partial));
        }
    }
}
