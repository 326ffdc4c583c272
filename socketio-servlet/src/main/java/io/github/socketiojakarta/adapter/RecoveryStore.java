package io.github.socketiojakarta.adapter;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Connection state recovery for one namespace on one node: the packets sent within the window,
 * each under an offset, and the sessions of the sockets that disconnected within it. What the
 * reference's session-aware in-memory adapter keeps, within this server's caps.
 *
 * <p>Offsets are a per-store counter in base 36, so that finding a client's offset is
 * arithmetic, not a search. Nothing is swept by a timer: the oldest packets and sessions go
 * when new ones come (by age, then by the caps), and a restore checks the window exactly, so
 * memory stays within the caps and nothing needs stopping. Thread-safe: every method holds the
 * store's lock briefly; packets are stored encoded, as they were sent.
 */
final class RecoveryStore {

    /** A stored packet: what was sent, to whom, when. */
    private record Stored(long seq, OutboundPacket packet, Set<String> rooms, Set<String> except,
            long at, long size) {}

    /** A disconnected socket's session and when it disconnected. */
    private record Kept(PersistedSession session, long at) {}

    private final ConnectionStateRecovery options;
    private final LongSupplier clock;
    private final long windowMillis;
    private final ArrayDeque<Stored> packets = new ArrayDeque<>();
    // insertion order is disconnection order: the oldest session is the first
    private final Map<String, Kept> sessions = new LinkedHashMap<>();
    // restored sockets that have not rejoined their rooms yet: the last sequence number they
    // were sent, and when (see since)
    private final Map<String, long[]> rejoining = new LinkedHashMap<>();
    private long nextSeq;
    private long bytes;

    RecoveryStore(ConnectionStateRecovery options, LongSupplier clock) {
        this.options = options;
        this.clock = clock;
        this.windowMillis = options.maxDisconnectionDuration().toMillis();
    }

    /**
     * Stores a packet sent with these options and returns it with its offset appended: the form
     * every recipient is sent.
     */
    OutboundPacket store(OutboundPacket packet, BroadcastOptions sent) {
        long now = clock.getAsLong();
        synchronized (this) {
            long seq = nextSeq++;
            OutboundPacket withOffset = packet.withOffset(Long.toString(seq, 36));
            long size = withOffset.size();
            packets.addLast(new Stored(seq, withOffset, sent.rooms(), sent.except(), now, size));
            bytes += size;
            evictPackets(now);
            return withOffset;
        }
    }

    /** Keeps a disconnected socket's session for the window. */
    void persist(PersistedSession session) {
        long now = clock.getAsLong();
        synchronized (this) {
            sessions.remove(session.pid());
            sessions.put(session.pid(), new Kept(session, now));
            evictSessions(now);
        }
    }

    /**
     * The session of {@code pid} and the packets it missed after {@code offset}, or null when the
     * session is unknown or expired, or the offset is unknown or no longer kept. A session is
     * restored once: it is removed either way.
     */
    RestoredSession restore(String pid, String offset) {
        long now = clock.getAsLong();
        synchronized (this) {
            evictSessions(now);
            Kept kept = sessions.remove(pid);
            if (kept == null || now - kept.at() > windowMillis) {
                return null;
            }
            long seq = parse(offset);
            Stored first = packets.peekFirst();
            if (seq < 0 || seq >= nextSeq || first == null || seq < first.seq()) {
                return null;
            }
            Set<String> rooms = kept.session().rooms();
            List<OutboundPacket> missed = new ArrayList<>();
            Iterator<Stored> it = packets.iterator();
            // skip to the packet after the offset: sequence numbers are consecutive
            for (long skip = seq - first.seq() + 1; skip > 0 && it.hasNext(); skip--) {
                it.next();
            }
            while (it.hasNext()) {
                Stored p = it.next();
                if (includes(rooms, p)) {
                    missed.add(p.packet());
                }
            }
            rejoining.remove(kept.session().sid());
            rejoining.put(kept.session().sid(), new long[] {nextSeq - 1, now});
            return new RestoredSession(kept.session(), missed);
        }
    }

    /**
     * For a restored socket that now rejoins its rooms: the last sequence number its restore
     * sent, or -1 when it is not one (or it took longer than the window). Asked once.
     */
    synchronized long rejoined(String sid) {
        long[] r = rejoining.remove(sid);
        return r == null || clock.getAsLong() - r[1] > windowMillis ? -1 : r[0];
    }

    /** The packets stored after sequence number {@code seq} that reach these rooms, in order. */
    synchronized List<OutboundPacket> since(long seq, Set<String> rooms) {
        List<OutboundPacket> out = new ArrayList<>();
        Iterator<Stored> it = packets.descendingIterator();
        while (it.hasNext()) {
            Stored p = it.next();
            if (p.seq() <= seq) {
                break;
            }
            if (includes(rooms, p)) {
                out.add(0, p.packet());
            }
        }
        return out;
    }

    /** The reference's rule: sent to one of the session's rooms (or to all), none excluded. */
    private static boolean includes(Set<String> sessionRooms, Stored p) {
        boolean included = p.rooms().isEmpty();
        for (String room : sessionRooms) {
            if (p.except().contains(room)) {
                return false;
            }
            if (!included && p.rooms().contains(room)) {
                included = true;
            }
        }
        return included;
    }

    /** An offset this store gave, as its sequence number, or -1. */
    private static long parse(String offset) {
        if (offset.isEmpty() || offset.length() > 13) {
            return -1;
        }
        for (int i = 0; i < offset.length(); i++) {
            char c = offset.charAt(i);
            if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'z')) {
                return -1;
            }
        }
        try {
            return Long.parseLong(offset, 36);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void evictPackets(long now) {
        while (!packets.isEmpty()) {
            Stored oldest = packets.peekFirst();
            if (now - oldest.at() > windowMillis || packets.size() > options.maxPackets()
                    || bytes > options.maxBytes()) {
                packets.removeFirst();
                bytes -= oldest.size();
            } else {
                return;
            }
        }
    }

    private void evictSessions(long now) {
        Iterator<long[]> r = rejoining.values().iterator();
        while (r.hasNext() && now - r.next()[1] > windowMillis) {
            r.remove();
        }
        Iterator<Kept> it = sessions.values().iterator();
        while (it.hasNext()) {
            Kept oldest = it.next();
            if (now - oldest.at() > windowMillis || sessions.size() > options.maxSessions()) {
                it.remove();
            } else {
                return;
            }
        }
    }

    /** How many packets are kept (for tests and diagnostics). */
    synchronized int packetCount() {
        return packets.size();
    }

    /** How many bytes of packets are kept (for tests and diagnostics). */
    synchronized long byteCount() {
        return bytes;
    }

    /** How many sessions are kept (for tests and diagnostics). */
    synchronized int sessionCount() {
        return sessions.size();
    }
}
