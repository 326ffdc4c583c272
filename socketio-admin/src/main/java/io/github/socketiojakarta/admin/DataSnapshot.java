package io.github.socketiojakarta.admin;

import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.ConcurrentModificationException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A deep copy of a socket's data, without the UI's metadata, to tell at a statistics tick
 * whether the application changed it since the last {@code socket_updated} (the reference wraps
 * the data in a Proxy; a Java map cannot be watched that way). Maps, collections and arrays are
 * copied (arrays as lists, so that {@code equals} compares their contents); strings, numbers,
 * booleans and other values are kept as they are and compared with their {@code equals}: a
 * change inside a mutable object of the application's own class is seen only if that class's
 * {@code equals} sees it, or when the value is replaced.
 *
 * <p>The cost is bounded: at most {@link #MAX_NODES} values are copied per socket and tick; a
 * socket whose data is larger is not watched. Stateless.
 */
final class DataSnapshot {
    /** The most values (map entries, elements, leaves) copied from one socket's data. */
    static final int MAX_NODES = 10_000;

    /** Marks data too large to watch. */
    static final Object TOO_LARGE = new Object();

    private DataSnapshot() {}

    /**
     * The copy of {@code data} without {@link Serialized#ADMIN_KEY}; {@link #TOO_LARGE} past
     * {@link #MAX_NODES}; {@code null} when the application changed it while it was copied (try
     * at the next tick).
     */
    static Object of(Map<String, Object> data) {
        int[] budget = {MAX_NODES};
        try {
            Map<String, Object> out = new LinkedHashMap<>();
            synchronized (data) {
                for (Map.Entry<String, Object> e : data.entrySet()) {
                    if (!Serialized.ADMIN_KEY.equals(e.getKey())) {
                        out.put(e.getKey(), copy(e.getValue(), budget));
                    }
                }
            }
            return out;
        } catch (TooLarge e) {
            return TOO_LARGE;
        } catch (ConcurrentModificationException e) {
            return null;
        }
    }

    private static Object copy(Object v, int[] budget) {
        if (--budget[0] < 0) {
            throw new TooLarge();
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put(e.getKey(), copy(e.getValue(), budget));
            }
            return out;
        }
        if (v instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            for (Object o : c) {
                out.add(copy(o, budget));
            }
            return out;
        }
        if (v instanceof byte[] b) {
            budget[0] -= b.length / 64; // copied at once, but not free
            if (budget[0] < 0) {
                throw new TooLarge();
            }
            return ByteBuffer.wrap(b.clone()); // equals compares the contents
        }
        if (v != null && v.getClass().isArray()) {
            int n = Array.getLength(v);
            List<Object> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(copy(Array.get(v, i), budget));
            }
            return out;
        }
        return v;
    }

    /** Thrown past the budget (no stack trace: it is a signal). */
    private static final class TooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooLarge() {
            super(null, null, false, false);
        }
    }
}
