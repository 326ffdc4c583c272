package io.github.socketiojakarta.admin;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * Session ids in this JVM's memory: for a single node (each node of a cluster would only know
 * its own logins). Sessions expire after a time to live (a day by default, as the reference's
 * Redis store) and the oldest are dropped beyond a maximum count, so the memory stays bounded.
 * Thread-safe.
 */
public final class InMemorySessionStore implements SessionStore {
    private final long ttlMillis;
    private final int maxSessions;
    private final LongSupplier clock;
    // session id -> expiry time; in insertion order, so the oldest come first
    private final LinkedHashMap<String, Long> sessions = new LinkedHashMap<>();

    /** A store whose sessions live one day, at most 10,000 of them. */
    public InMemorySessionStore() {
        this(Duration.ofDays(1), 10_000);
    }

    /**
     * @param ttl how long a session lives after the login
     * @param maxSessions the most sessions kept (the oldest are dropped)
     */
    public InMemorySessionStore(Duration ttl, int maxSessions) {
        this(ttl, maxSessions, System::currentTimeMillis);
    }

    InMemorySessionStore(Duration ttl, int maxSessions, LongSupplier clock) {
        if (ttl.isNegative() || ttl.isZero() || maxSessions < 1) {
            throw new IllegalArgumentException("ttl and maxSessions must be positive");
        }
        this.ttlMillis = ttl.toMillis();
        this.maxSessions = maxSessions;
        this.clock = clock;
    }

    @Override
    public synchronized CompletableFuture<Boolean> exists(String sessionId) {
        long now = clock.getAsLong();
        expire(now);
        Long expiry = sessions.get(sessionId);
        return CompletableFuture.completedFuture(expiry != null && expiry > now);
    }

    @Override
    public synchronized CompletableFuture<Void> save(String sessionId) {
        long now = clock.getAsLong();
        expire(now);
        sessions.remove(sessionId);
        sessions.put(sessionId, now + ttlMillis);
        while (sessions.size() > maxSessions) {
            Iterator<String> oldest = sessions.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        return CompletableFuture.completedFuture(null);
    }

    /** How many sessions are kept (for tests). */
    synchronized int size() {
        return sessions.size();
    }

    private void expire(long now) {
        Iterator<Map.Entry<String, Long>> it = sessions.entrySet().iterator();
        while (it.hasNext()) {
            if (it.next().getValue() > now) {
                return; // the same time to live for all: later entries expire later
            }
            it.remove();
        }
    }
}
