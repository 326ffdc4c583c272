package io.github.socketiojakarta.testing;

import io.github.socketiojakarta.engine.CloseReason;
import io.github.socketiojakarta.engine.EngineListener;
import io.github.socketiojakarta.engine.EngineSession;
import io.github.socketiojakarta.engine.codec.EnginePacket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An {@link EngineListener} that records every call per session, in order, and checks the
 * listener contract as it goes: {@code onOpen} first, {@code onClose} once and last, and never
 * two calls in flight for one session. Optionally echoes messages back, like the conformance
 * fixture.
 *
 * <p>Events are recorded as strings: {@code open}, {@code text:<text>},
 * {@code binary:<hex>}, {@code close:<reason>}.
 *
 * <p>Thread-safe.
 */
public final class RecordingListener implements EngineListener {
    private final boolean echo;
    private final Map<String, Record> records = new ConcurrentHashMap<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final Set<String> callbackThreads = ConcurrentHashMap.newKeySet();
    private volatile Runnable hook;

    private RecordingListener(boolean echo) {
        this.echo = echo;
    }

    /** A listener that only records. */
    public static RecordingListener recording() {
        return new RecordingListener(false);
    }

    /** A listener that records and echoes every message (text as text, binary as binary). */
    public static RecordingListener echoing() {
        return new RecordingListener(true);
    }

    private static final class Record {
        final List<String> events = new ArrayList<>(); // guarded by itself
        final AtomicInteger inFlight = new AtomicInteger();
        final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
        final AtomicInteger closes = new AtomicInteger();
        volatile EngineSession session;
    }

    private Record record(EngineSession s) {
        return records.computeIfAbsent(s.id(), k -> new Record());
    }

    private Record enter(EngineSession s, String event) {
        Record r = record(s);
        r.session = s;
        callbackThreads.add(Thread.currentThread().getName());
        if (r.inFlight.incrementAndGet() != 1) {
            violations.add(s.id() + ": concurrent call " + event);
        }
        if (r.closes.get() > 0) {
            violations.add(s.id() + ": " + event + " after onClose");
        }
        synchronized (r.events) {
            if (!event.equals("open") && (r.events.isEmpty() || !r.events.get(0).equals("open"))) {
                violations.add(s.id() + ": " + event + " before onOpen");
            }
            if (event.equals("open") && r.events.contains("open")) {
                violations.add(s.id() + ": second onOpen");
            }
            r.events.add(event);
        }
        return r;
    }

    private static void leave(Record r) {
        r.inFlight.decrementAndGet();
    }

    @Override
    public void onOpen(EngineSession session) {
        Record r = enter(session, "open");
        try {
            hook();
        } finally {
            leave(r);
        }
    }

    @Override
    public void onMessage(EngineSession session, String text) {
        Record r = enter(session, "text:" + text);
        try {
            hook();
            if (echo) {
                session.send(EnginePacket.message(text));
            }
        } finally {
            leave(r);
        }
    }

    @Override
    public void onBinary(EngineSession session, byte[] data) {
        Record r = enter(session, "binary:" + HexFormat.of().formatHex(data));
        try {
            hook();
            if (echo) {
                session.send(EnginePacket.binary(data));
            }
        } finally {
            leave(r);
        }
    }

    @Override
    public void onClose(EngineSession session, CloseReason reason) {
        Record r = enter(session, "close:" + reason.reason());
        try {
            hook();
            if (r.closes.incrementAndGet() != 1) {
                violations.add(session.id() + ": onClose called " + r.closes.get() + " times");
            }
            r.closed.complete(reason);
        } finally {
            leave(r);
        }
    }

    /**
     * Sets code to run inside every callback while it is in flight (to widen race windows in
     * contract tests).
     *
     * @return this
     */
    public RecordingListener duringEachCall(Runnable hook) {
        this.hook = hook;
        return this;
    }

    private void hook() {
        Runnable h = hook;
        if (h != null) {
            h.run();
        }
    }

    /** The events of a session so far, in order (empty if none). */
    public List<String> events(String sid) {
        Record r = records.get(sid);
        if (r == null) {
            return List.of();
        }
        synchronized (r.events) {
            return new ArrayList<>(r.events);
        }
    }

    /** The texts a session received, in order. */
    public List<String> texts(String sid) {
        return events(sid).stream().filter(e -> e.startsWith("text:"))
                .map(e -> e.substring(5)).toList();
    }

    /** The binaries a session received, hex-encoded, in order. */
    public List<String> binaries(String sid) {
        return events(sid).stream().filter(e -> e.startsWith("binary:"))
                .map(e -> e.substring(7)).toList();
    }

    /** The ids of the sessions seen. */
    public List<String> sessionIds() {
        return new ArrayList<>(records.keySet());
    }

    /** The session object of a sid seen by the listener, or null. */
    public EngineSession session(String sid) {
        Record r = records.get(sid);
        return r == null ? null : r.session;
    }

    /**
     * Waits for the session's onClose.
     *
     * @return its reason
     */
    public CloseReason awaitClose(String sid) {
        return PollingClient.await(records.computeIfAbsent(sid, k -> new Record()).closed);
    }

    /** The reason the session closed with, or null while open. */
    public CloseReason closeReason(String sid) {
        Record r = records.get(sid);
        return r == null ? null : r.closed.getNow(null);
    }

    /** Contract violations seen so far (empty when all is well). */
    public List<String> violations() {
        return List.copyOf(violations);
    }

    /** The names of the threads callbacks ran on (each once). */
    public List<String> callbackThreads() {
        return List.copyOf(callbackThreads);
    }

    /** Hex of bytes, as recorded in {@code binary:} events. */
    public static String hex(byte... data) {
        return HexFormat.of().formatHex(data);
    }

    @Override
    public String toString() {
        return "RecordingListener" + Arrays.toString(records.keySet().toArray());
    }
}
