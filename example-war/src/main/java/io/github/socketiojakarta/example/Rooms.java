package io.github.socketiojakarta.example;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The chat's rooms: their names and the last 50 entries of each, on this node; and the nicknames
 * of this node's users. Members are not kept here: they are the sockets in the room, on every
 * node ({@code fetchSockets}, see {@link Chat}). Thread-safe.
 */
@ApplicationScoped
public class Rooms {
    /** How many entries of history a room keeps. */
    public static final int HISTORY = 50;
    /** The rooms that always exist. */
    public static final List<String> DEFAULT_ROOMS = List.of("general", "random");

    private final Map<String, Room> rooms = new ConcurrentSkipListMap<>();
    private final Set<String> nicknames = ConcurrentHashMap.newKeySet();

    /** Creates the default rooms. */
    public Rooms() {
        for (String name : DEFAULT_ROOMS) {
            rooms.put(name, new Room());
        }
    }

    /** Claims a nickname; false when someone connected has it. */
    public boolean claim(String nickname) {
        return nicknames.add(nickname.toLowerCase(java.util.Locale.ROOT));
    }

    /** Releases a nickname. */
    public void release(String nickname) {
        nicknames.remove(nickname.toLowerCase(java.util.Locale.ROOT));
    }

    /** The room names. */
    public List<String> names() {
        return new ArrayList<>(rooms.keySet());
    }

    /** Whether the room is new (then it was created). */
    public boolean create(String name) {
        return rooms.putIfAbsent(name, new Room()) == null;
    }

    /** Appends an entry (a ChatMessage, or an image as a map) to the room's history. */
    public void record(String room, Object entry) {
        Room r = rooms.computeIfAbsent(room, k -> new Room());
        synchronized (r) {
            r.history.addLast(entry);
            while (r.history.size() > HISTORY) {
                r.history.removeFirst();
            }
        }
    }

    /** The room's last entries, oldest first. */
    public List<Object> history(String room) {
        Room r = rooms.get(room);
        if (r == null) {
            return List.of();
        }
        synchronized (r) {
            return new ArrayList<>(r.history);
        }
    }

    /**
     * The entry of the room's history sent by {@code from} with this client id, as a map with
     * at least {@code id} and {@code time}; null when there is none (or no client id).
     */
    public Map<String, Object> entry(String room, String from, String clientId) {
        Room r = rooms.get(room);
        if (r == null || from == null || clientId == null) {
            return null;
        }
        synchronized (r) {
            for (Object e : r.history) {
                if (e instanceof ChatMessage m && from.equals(m.from())
                        && clientId.equals(m.clientId())) {
                    return Map.of("id", m.id(), "time", m.time());
                }
                if (e instanceof Map<?, ?> m && from.equals(m.get("from"))
                        && clientId.equals(m.get("clientId")) && m.get("id") != null
                        && m.get("time") != null) {
                    return Map.of("id", m.get("id"), "time", m.get("time"));
                }
            }
        }
        return null;
    }

    private static final class Room {
        final Deque<Object> history = new ArrayDeque<>();
    }
}
