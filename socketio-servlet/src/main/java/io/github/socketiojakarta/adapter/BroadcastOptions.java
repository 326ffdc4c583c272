package io.github.socketiojakarta.adapter;

import java.util.Set;

/**
 * Which sockets a broadcast reaches and how, as plain data so that a cluster adapter can ship it
 * to other nodes.
 *
 * @param rooms the rooms to reach; empty means every socket of the namespace
 * @param except the rooms whose sockets are left out (a socket id is a room too)
 * @param isVolatile whether a socket that cannot take the packet right away may miss it
 * @param local whether to stay on this node (no effect with the in-memory adapter)
 * @param compress the compress flag (kept for wire compatibility; WebSocket compression is off)
 * @param timeoutMillis for broadcasts with acks: how long to wait for responses, or -1
 */
public record BroadcastOptions(
        Set<String> rooms,
        Set<String> except,
        boolean isVolatile,
        boolean local,
        boolean compress,
        long timeoutMillis) {

    /** Every socket, no flags. */
    public static final BroadcastOptions ALL =
            new BroadcastOptions(Set.of(), Set.of(), false, false, true, -1);

    /** Copies the sets. */
    public BroadcastOptions {
        rooms = Set.copyOf(rooms);
        except = Set.copyOf(except);
    }

    /** The options reaching exactly these rooms, no flags. */
    public static BroadcastOptions rooms(Set<String> rooms) {
        return new BroadcastOptions(rooms, Set.of(), false, false, true, -1);
    }
}
