package io.github.socketiojakarta.adapter;

import java.util.List;

/**
 * A session found by {@link Adapter#restoreSession}: the socket comes back with the same ids,
 * rooms and data, and is sent the packets it missed (each carrying its offset as its last
 * argument) before its CONNECT reply.
 *
 * @param session what was persisted
 * @param missedPackets the packets sent to its rooms since its last offset, in order
 */
public record RestoredSession(PersistedSession session, List<OutboundPacket> missedPackets) {

    /** Copies the list. */
    public RestoredSession {
        missedPackets = List.copyOf(missedPackets);
    }
}
