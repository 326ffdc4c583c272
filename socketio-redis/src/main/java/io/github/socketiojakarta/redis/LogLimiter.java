package io.github.socketiojakarta.redis;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Logs a kind of trouble once, then stays quiet about it for a while: a flood of bad messages on
 * a channel (or of failed publishes) gives one line per key and window, the next one saying how
 * many were dropped in between. Keys must come from a bounded set (a kind and one of the
 * adapter's own routes, never a channel name a peer chooses). Thread-safe.
 */
final class LogLimiter {
    /** The longest text of a peer (an exception message, a value) that goes into a line. */
    static final int MAX_TEXT = 200;

    private final Logger log;
    private final long windowNanos;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    private static final class Window {
        long since;
        int dropped;
    }

    LogLimiter(Logger log, long windowMillis) {
        this.log = log;
        this.windowNanos = windowMillis * 1_000_000L;
    }

    /** Logs {@code message} unless {@code key} was logged within the window. */
    void log(Level level, String key, String message) {
        Window w = windows.computeIfAbsent(key, k -> new Window());
        int dropped;
        synchronized (w) {
            long now = System.nanoTime();
            if (w.since != 0 && now - w.since < windowNanos) {
                w.dropped++;
                return;
            }
            w.since = now == 0 ? 1 : now;
            dropped = w.dropped;
            w.dropped = 0;
        }
        log.log(level, dropped == 0 ? message
                : message + " (" + dropped + " more of these were not logged)");
    }

    /** At most {@link #MAX_TEXT} characters of a text for a log line, never a whole payload. */
    static String bounded(Object text) {
        String s = String.valueOf(text);
        return s.length() <= MAX_TEXT ? s
                : s.substring(0, MAX_TEXT) + "... (" + s.length() + " characters)";
    }
}
