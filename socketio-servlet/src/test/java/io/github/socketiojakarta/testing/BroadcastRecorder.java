package io.github.socketiojakarta.testing;

import io.github.socketiojakarta.adapter.Adapter;
import io.github.socketiojakarta.adapter.AdapterFactory;
import io.github.socketiojakarta.adapter.BroadcastOptions;
import io.github.socketiojakarta.adapter.InMemoryAdapter;
import io.github.socketiojakarta.adapter.LocalSocket;
import io.github.socketiojakarta.adapter.NamespaceHandle;
import io.github.socketiojakarta.adapter.OutboundPacket;
import io.github.socketiojakarta.adapter.SocketDetails;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * An {@link AdapterFactory} whose adapters are {@link InMemoryAdapter}s that record what goes
 * through the adapter SPI: every broadcast (packet and options) and every packet handed to a
 * socket (with whether the socket queued it). Install it with
 * {@code ServerOptions.builder().adapter(recorder)}.
 *
 * <p>Thread-safe.
 */
public final class BroadcastRecorder implements AdapterFactory {
    /** A broadcast as the adapter received it. */
    public record Broadcast(OutboundPacket packet, BroadcastOptions options, boolean withAck) {}

    /** A packet handed to one socket, and whether the socket queued it. */
    public record Delivery(String socketId, OutboundPacket packet, boolean isVolatile,
            boolean queued) {}

    private final Map<String, Recording> adapters = new ConcurrentHashMap<>();

    @Override
    public Adapter create(NamespaceHandle namespace) {
        Recording r = new Recording(namespace);
        adapters.put(namespace.name(), r);
        return r;
    }

    /** The recording adapter of a namespace. */
    public Recording of(String namespace) {
        Recording r = adapters.get(namespace);
        if (r == null) {
            throw new AssertionError("no adapter for " + namespace + " in " + adapters.keySet());
        }
        return r;
    }

    /** One namespace's adapter: an in-memory adapter that records. */
    public static final class Recording implements Adapter {
        private final InMemoryAdapter delegate;
        private final List<Broadcast> broadcasts = new CopyOnWriteArrayList<>();
        private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

        Recording(NamespaceHandle namespace) {
            this.delegate = new InMemoryAdapter(new Handle(namespace));
        }

        /** The broadcasts so far, in order. */
        public List<Broadcast> broadcasts() {
            return List.copyOf(broadcasts);
        }

        /** The packets handed to sockets so far, in order. */
        public List<Delivery> deliveries() {
            return List.copyOf(deliveries);
        }

        /** The packets handed to one socket so far. */
        public List<Delivery> deliveries(String socketId) {
            return deliveries.stream().filter(d -> d.socketId().equals(socketId)).toList();
        }

        /** Forgets what was recorded. */
        public void clear() {
            broadcasts.clear();
            deliveries.clear();
        }

        /** The in-memory adapter doing the work. */
        public InMemoryAdapter delegate() {
            return delegate;
        }

        @Override
        public void addAll(String socketId, Set<String> rooms) {
            delegate.addAll(socketId, rooms);
        }

        @Override
        public void del(String socketId, String room) {
            delegate.del(socketId, room);
        }

        @Override
        public void delAll(String socketId) {
            delegate.delAll(socketId);
        }

        @Override
        public void broadcast(OutboundPacket packet, BroadcastOptions options) {
            broadcasts.add(new Broadcast(packet, options, false));
            delegate.broadcast(packet, options);
        }

        @Override
        public void broadcastWithAck(OutboundPacket packet, long ackId, BroadcastOptions options,
                IntConsumer clientCount, Consumer<List<Object>> onAck, Runnable onGone) {
            broadcasts.add(new Broadcast(packet, options, true));
            delegate.broadcastWithAck(packet, ackId, options, clientCount, onAck, onGone);
        }

        @Override
        public Set<String> sockets(Set<String> rooms) {
            return delegate.sockets(rooms);
        }

        @Override
        public Set<String> socketRooms(String socketId) {
            return delegate.socketRooms(socketId);
        }

        @Override
        public CompletableFuture<List<SocketDetails>> fetchSockets(BroadcastOptions options) {
            return delegate.fetchSockets(options);
        }

        @Override
        public void addSockets(BroadcastOptions options, Set<String> rooms) {
            delegate.addSockets(options, rooms);
        }

        @Override
        public void delSockets(BroadcastOptions options, Set<String> rooms) {
            delegate.delSockets(options, rooms);
        }

        @Override
        public void disconnectSockets(BroadcastOptions options, boolean close) {
            delegate.disconnectSockets(options, close);
        }

        @Override
        public CompletableFuture<List<List<Object>>> serverSideEmit(List<Object> args,
                boolean withAck, long timeoutMillis) {
            return delegate.serverSideEmit(args, withAck, timeoutMillis);
        }

        @Override
        public void close() {
            delegate.close();
        }

        /** The namespace as the in-memory adapter sees it: sockets that record deliveries. */
        private final class Handle implements NamespaceHandle {
            private final NamespaceHandle namespace;

            Handle(NamespaceHandle namespace) {
                this.namespace = namespace;
            }

            @Override
            public String name() {
                return namespace.name();
            }

            @Override
            public LocalSocket socket(String id) {
                LocalSocket s = namespace.socket(id);
                return s == null ? null : new Spy(s);
            }

            @Override
            public Collection<? extends LocalSocket> sockets() {
                List<LocalSocket> out = new ArrayList<>();
                for (LocalSocket s : namespace.sockets()) {
                    out.add(new Spy(s));
                }
                return out;
            }

            @Override
            public long nextAckId() {
                return namespace.nextAckId();
            }

            @Override
            public void onServerSideEvent(List<Object> args, Consumer<List<Object>> reply) {
                namespace.onServerSideEvent(args, reply);
            }
        }

        /** A socket that records what it is handed. */
        private final class Spy implements LocalSocket {
            private final LocalSocket socket;

            Spy(LocalSocket socket) {
                this.socket = socket;
            }

            @Override
            public String id() {
                return socket.id();
            }

            @Override
            public boolean deliver(OutboundPacket packet, boolean isVolatile) {
                boolean queued = socket.deliver(packet, isVolatile);
                deliveries.add(new Delivery(socket.id(), packet, isVolatile, queued));
                return queued;
            }

            @Override
            public void deliverWithAck(OutboundPacket packet, long ackId,
                    Consumer<List<Object>> onAck, Runnable onGone) {
                deliveries.add(new Delivery(socket.id(), packet, false, true));
                socket.deliverWithAck(packet, ackId, onAck, onGone);
            }

            @Override
            public void disconnect(boolean close) {
                socket.disconnect(close);
            }

            @Override
            public SocketDetails details() {
                return socket.details();
            }
        }
    }
}
