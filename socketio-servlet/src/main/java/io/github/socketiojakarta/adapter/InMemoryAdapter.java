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
    // Room -> its members, and socket id -> its rooms. A value is a String when there is one
    // member (or room), a LinkedHashSet of them (insertion order) otherwise: every socket is
    // in its own room, alone, so most entries hold one String (the same instance as the key).
    private final Map<String, Object> rooms = new HashMap<>();
    private final Map<String, Object> sids = new HashMap<>();
    // null when connection state recovery is off
    private volatile RecoveryStore recovery;

    /**
     * @param namespace the namespace this adapter serves
     */
    public InMemoryAdapter(NamespaceHandle namespace) {
        this.namespace = namespace;
    }

    @Override
    public void init() {
        ConnectionStateRecovery options = namespace.recovery();
        if (options != null) {
            recovery = new RecoveryStore(options, System::currentTimeMillis);
        }
    }

    @Override
    public void addAll(String socketId, Set<String> toJoin) {
        List<String> joined = namespace.watchesRooms() ? new ArrayList<>(toJoin.size()) : null;
        synchronized (this) {
            for (String room : toJoin) {
                if (add(sids, socketId, room)) {
                    add(rooms, room, socketId);
                    if (joined != null) {
                        joined.add(room);
                    }
                }
            }
            RecoveryStore store = recovery;
            if (store != null) {
                catchUp(store, socketId);
            }
        }
        if (joined != null) {
            for (String room : joined) {
                namespace.roomJoined(room, socketId);
            }
        }
    }

    /**
     * A restored socket rejoins its rooms: it is sent what was stored for them between its
     * restore and now. A broadcast is stored and addressed under this adapter's lock, so each
     * packet reaches it exactly once: addressed to it live, or here.
     */
    private void catchUp(RecoveryStore store, String socketId) {
        long seq = store.rejoined(socketId);
        if (seq < 0) {
            return;
        }
        LocalSocket socket = namespace.socket(socketId);
        if (socket != null) {
            for (OutboundPacket p : store.since(seq, socketRooms(socketId))) {
                socket.deliver(p, false);
            }
        }
    }

    @Override
    public void del(String socketId, String room) {
        boolean left;
        synchronized (this) {
            left = remove(sids, socketId, room);
            remove(rooms, room, socketId);
        }
        if (left && namespace.watchesRooms()) {
            namespace.roomLeft(room, socketId);
        }
    }

    @Override
    public void delAll(String socketId) {
        Object mine;
        synchronized (this) {
            mine = sids.remove(socketId);
            if (mine instanceof String room) {
                remove(rooms, room, socketId);
            } else if (mine != null) {
                for (String room : members(mine)) {
                    remove(rooms, room, socketId);
                }
            }
        }
        if (mine != null && namespace.watchesRooms()) {
            // the removed set is no longer shared: read it outside the lock
            for (String room : mine instanceof String one ? Set.of(one) : members(mine)) {
                namespace.roomLeft(room, socketId);
            }
        }
    }

    /** Adds {@code value} to the values of {@code key}; false if it was there. */
    private static boolean add(Map<String, Object> map, String key, String value) {
        Object values = map.get(key);
        if (values == null) {
            map.put(key, key.equals(value) ? key : value);
            return true;
        }
        if (values instanceof String one) {
            if (one.equals(value)) {
                return false;
            }
            Set<String> set = new LinkedHashSet<>(4);
            set.add(one);
            set.add(value);
            map.put(key, set);
            return true;
        }
        return members(values).add(value);
    }

    /**
     * Removes {@code value} from the values of {@code key}, and the key with the last one;
     * false if it was not there.
     */
    private static boolean remove(Map<String, Object> map, String key, String value) {
        Object values = map.get(key);
        if (values instanceof String one) {
            if (one.equals(value)) {
                map.remove(key);
                return true;
            }
        } else if (values != null) {
            Set<String> set = members(values);
            if (set.remove(value)) {
                if (set.isEmpty()) {
                    map.remove(key);
                } else if (set.size() == 1) {
                    map.put(key, set.iterator().next());
                }
                return true;
            }
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private static Set<String> members(Object values) {
        return (Set<String>) values;
    }

    /** Adds the values stored for a key (one String or a set) to {@code out}. */
    private static void addTo(Set<String> out, Object values) {
        if (values instanceof String one) {
            out.add(one);
        } else if (values != null) {
            out.addAll(members(values));
        }
    }

    @Override
    public void broadcast(OutboundPacket packet, BroadcastOptions options) {
        RecoveryStore store = recovery;
        List<LocalSocket> targets;
        if (store != null && packet.recoverable(options)) {
            // stored and addressed at once: a restored socket rejoining meanwhile gets it
            // either way exactly once (see catchUp)
            synchronized (this) {
                packet = store.store(packet, options);
                targets = select(options);
            }
        } else {
            targets = select(options);
        }
        for (LocalSocket s : targets) {
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
            addTo(ids, rooms.get(room));
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
        Object mine = sids.get(socketId);
        if (mine == null) {
            return Set.of();
        }
        Set<String> out = new LinkedHashSet<>();
        addTo(out, mine);
        return out;
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

    @Override
    public void persistSession(PersistedSession session) {
        RecoveryStore store = recovery;
        if (store != null) {
            store.persist(session);
        }
    }

    @Override
    public CompletableFuture<RestoredSession> restoreSession(String pid, String offset) {
        RecoveryStore store = recovery;
        return CompletableFuture.completedFuture(store == null ? null : store.restore(pid, offset));
    }

    /**
     * What connection state recovery keeps: packets, their bytes and sessions, or zeros when
     * it is off (for tests and diagnostics).
     */
    public long[] recoveryStoreSize() {
        RecoveryStore store = recovery;
        return store == null ? new long[3]
                : new long[] {store.packetCount(), store.byteCount(), store.sessionCount()};
    }

    /** Rooms with members, without the sockets' own rooms (one member named as the room). */
    @Override
    public synchronized int roomCount() {
        int n = 0;
        for (Map.Entry<String, Object> e : rooms.entrySet()) {
            if (!e.getKey().equals(e.getValue())) {
                n++;
            }
        }
        return n;
    }

    /** The rooms that currently have members (for tests and diagnostics). */
    public synchronized Set<String> rooms() {
        return new HashSet<>(rooms.keySet());
    }
}
