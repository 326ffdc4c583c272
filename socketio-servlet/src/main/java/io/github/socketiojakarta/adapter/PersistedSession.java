package io.github.socketiojakarta.adapter;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the server keeps of a socket that disconnected for a reason it may come back from
 * (transport close or error, ping timeout, forced close, server shutting down), for
 * {@link Adapter#persistSession}. The private id is a secret: it identifies the session to
 * whoever holds it, so it is never logged nor shown ({@link #toString()} leaves it out).
 *
 * @param sid the public socket id
 * @param pid the private session id, sent only to the client in its CONNECT reply
 * @param rooms the rooms it was in when it disconnected, its own id among them
 * @param data its {@code data} map (a copy)
 */
public record PersistedSession(String sid, String pid, Set<String> rooms,
        Map<String, Object> data) {

    /** Copies the collections. */
    public PersistedSession {
        Objects.requireNonNull(sid, "sid");
        Objects.requireNonNull(pid, "pid");
        rooms = Collections.unmodifiableSet(new LinkedHashSet<>(rooms));
        data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }

    @Override
    public String toString() {
        return "PersistedSession[sid=" + sid + ", rooms=" + rooms + "]";
    }
}
