package io.github.socketiojakarta.adapter;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * The default adapter: rooms in memory, broadcasts to this node's sockets only. Each broadcast's
 * recipients are chosen under the adapter's lock; the packets are handed to them after it is
 * released. Thread-safe.
 */
public final class InMemoryAdapter implements Adapter {
    private final NamespaceHandle namespace;
    private final Map<String, Set<String>> rooms = new HashMap<>();
    private final Map<String, Set<String>> sids = new HashMap<>();

    /**
     * @param namespace the namespace this adapter serves
     */
    public InMemoryAdapter(NamespaceHandle namespace) {
        this.namespace = namespace;
    }

    @Override
    public synchronized void addAll(String socketId, Set<String> toJoin) {
        Set<String> mine = sids.computeIfAbsent(socketId, k -> new LinkedHashSet<>(4));
        for (String room : toJoin) {
            if (mine.add(room)) {
                rooms.computeIfAbsent(room, k -> new LinkedHashSet<>(4)).add(socketId);
            }
        }
    }

    @Override
    public synchronized void del(String socketId, String room) {
        Set<String> mine = sids.get(socketId);
        if (mine != null) {
            mine.remove(room);
        }
        removeFromRoom(room, socketId);
    }

    @Override
    public synchronized void delAll(String socketId) {
        Set<String> mine = sids.remove(socketId);
        if (mine != null) {
            for (String room : mine) {
                removeFromRoom(room, socketId);
            }
        }
    }

    private void removeFromRoom(String room, String socketId) {
        Set<String> members = rooms.get(room);
        if (members != null && members.remove(socketId) && members.isEmpty()) {
            rooms.remove(room);
        }
    }

    @Override
    public void broadcast(OutboundPacket packet, BroadcastOptions options) {
        for (LocalSocket s : select(options)) {
            s.deliver(packet, options.isVolatile());
        }
    }

    @Override
    public void broadcastWithAck(OutboundPacket packet, long ackId, BroadcastOptions options,
            IntConsumer clientCount, Consumer<List<Object>> onAck, Runnable onGone) {
        List<LocalSocket> targets = select(options);
        clientCount.accept(targets.size());
        for (LocalSocket s : targets) {
            s.deliverWithAck(packet, ackId, onAck, onGone);
        }
    }

    /** The recipients of a broadcast, in a stable order. */
    private List<LocalSocket> select(BroadcastOptions options) {
        Set<String> excluded = options.except().isEmpty() ? Set.of() : expand(options.except());
        List<LocalSocket> out;
        if (options.rooms().isEmpty()) {
            Collection<? extends LocalSocket> all = namespace.sockets();
            out = new ArrayList<>(all.size());
            for (LocalSocket s : all) {
                if (!excluded.contains(s.id())) {
                    out.add(s);
                }
            }
            return out;
        }
        Set<String> ids = expand(options.rooms());
        out = new ArrayList<>(ids.size());
        for (String id : ids) {
            if (!excluded.contains(id)) {
                LocalSocket s = namespace.socket(id);
                if (s != null) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    private synchronized Set<String> expand(Set<String> roomNames) {
        Set<String> ids = new LinkedHashSet<>();
        for (String room : roomNames) {
            Set<String> members = rooms.get(room);
            if (members != null) {
                ids.addAll(members);
            }
        }
        return ids;
    }

    @Override
    public Set<String> sockets(Set<String> roomNames) {
        if (roomNames.isEmpty()) {
            Set<String> ids = new LinkedHashSet<>();
            for (LocalSocket s : namespace.sockets()) {
                ids.add(s.id());
            }
            return ids;
        }
        return expand(roomNames);
    }

    @Override
    public synchronized Set<String> socketRooms(String socketId) {
        Set<String> mine = sids.get(socketId);
        return mine == null ? Set.of() : new LinkedHashSet<>(mine);
    }

    @Override
    public CompletableFuture<List<SocketDetails>> fetchSockets(BroadcastOptions options) {
        List<SocketDetails> out = new ArrayList<>();
        for (LocalSocket s : select(options)) {
            out.add(s.details());
        }
        return CompletableFuture.completedFuture(out);
    }

    @Override
    public void addSockets(BroadcastOptions options, Set<String> toJoin) {
        for (LocalSocket s : select(options)) {
            addAll(s.id(), toJoin);
        }
    }

    @Override
    public void delSockets(BroadcastOptions options, Set<String> toLeave) {
        for (LocalSocket s : select(options)) {
            for (String room : toLeave) {
                del(s.id(), room);
            }
        }
    }

    @Override
    public void disconnectSockets(BroadcastOptions options, boolean close) {
        for (LocalSocket s : select(options)) {
            s.disconnect(close);
        }
    }

    @Override
    public CompletableFuture<List<List<Object>>> serverSideEmit(List<Object> args,
            boolean withAck, long timeoutMillis) {
        // a single node has no other servers to tell
        return CompletableFuture.completedFuture(List.of());
    }

    /** The rooms that currently have members (for tests and diagnostics). */
    public synchronized Set<String> rooms() {
        return new HashSet<>(rooms.keySet());
    }
}
