package io.github.socketiojakarta.server;

import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A socket's event listeners: an immutable flat table {@code [event, listeners, event,
 * listeners...]}, where a listeners value is one {@link Listeners.EventListener} or an array of
 * several. A socket listens to a few events, so the table is searched linearly; it is read on
 * every event and written rarely, so each change makes a new table ({@link #NONE} is shared by
 * every socket that listens to nothing).
 *
 * <p>Immutable and thread-safe; the socket publishes a new table with a compare-and-set.
 */
final class EventListeners {
    /** The table of a socket that listens to nothing. */
    static final EventListeners NONE = new EventListeners(new Object[0]);

    private final Object[] table;

    private EventListeners(Object[] table) {
        this.table = table;
    }

    /**
     * The table with the listeners of {@code event} replaced by {@code change} of them (its
     * argument is null when none are registered; returning null or an empty array removes the
     * event), or this same table when {@code change} returned its argument unchanged.
     */
    EventListeners changed(String event, UnaryOperator<Listeners.EventListener[]> change) {
        int i = indexOf(event);
        Listeners.EventListener[] before = i < 0 ? null : asArray(table[i + 1]);
        Listeners.EventListener[] after = change.apply(before);
        if (after == before) {
            return this;
        }
        Object[] next;
        if (after == null || after.length == 0) {
            if (i < 0) {
                return this;
            }
            next = new Object[table.length - 2];
            System.arraycopy(table, 0, next, 0, i);
            System.arraycopy(table, i + 2, next, i, next.length - i);
        } else {
            Object value = after.length == 1 && after[0] != null ? after[0] : after;
            if (i < 0) {
                next = Arrays.copyOf(table, table.length + 2);
                next[table.length] = event;
                next[table.length + 1] = value;
            } else {
                next = table.clone();
                next[i + 1] = value;
            }
        }
        return new EventListeners(next);
    }

    /** Calls {@code call} with each listener of {@code event}, in registration order. */
    void forEach(String event, Consumer<Listeners.EventListener> call) {
        int i = indexOf(event);
        if (i < 0) {
            return;
        }
        if (table[i + 1] instanceof Listeners.EventListener[] several) {
            for (Listeners.EventListener listener : several) {
                call.accept(listener);
            }
        } else {
            call.accept((Listeners.EventListener) table[i + 1]);
        }
    }

    /** {@code listeners} plus {@code listener} at the end. */
    static Listeners.EventListener[] plus(Listeners.EventListener[] listeners,
            Listeners.EventListener listener) {
        int n = listeners == null ? 0 : listeners.length;
        Listeners.EventListener[] more = listeners == null
                ? new Listeners.EventListener[1] : Arrays.copyOf(listeners, n + 1);
        more[n] = listener;
        return more;
    }

    /**
     * {@code listeners} without the first registration of {@code listener} (with
     * {@link Socket#on} or {@link Socket#once}), or the same array when there is none.
     */
    static Listeners.EventListener[] minus(Listeners.EventListener[] listeners,
            Listeners.EventListener listener) {
        if (listeners == null) {
            return null;
        }
        for (int i = 0; i < listeners.length; i++) {
            if (listeners[i] == listener
                    || listeners[i] instanceof Once once && once.listener == listener) {
                Listeners.EventListener[] fewer = new Listeners.EventListener[listeners.length - 1];
                System.arraycopy(listeners, 0, fewer, 0, i);
                System.arraycopy(listeners, i + 1, fewer, i, fewer.length - i);
                return fewer;
            }
        }
        return listeners;
    }

    /** Where {@code event} is in the table, or -1. */
    private int indexOf(String event) {
        for (int i = 0; i < table.length; i += 2) {
            if (event.equals(table[i])) {
                return i;
            }
        }
        return -1;
    }

    private static Listeners.EventListener[] asArray(Object value) {
        return value instanceof Listeners.EventListener[] several ? several
                : new Listeners.EventListener[] {(Listeners.EventListener) value};
    }

    /** A listener registered with {@link Socket#once}: removes itself before its first call. */
    static final class Once implements Listeners.EventListener {
        private final Socket socket;
        private final String event;
        private final Listeners.EventListener listener;

        Once(Socket socket, String event, Listeners.EventListener listener) {
            this.socket = socket;
            this.event = event;
            this.listener = listener;
        }

        @Override
        public void onEvent(Event e) {
            socket.off(event, this);
            listener.onEvent(e);
        }
    }
}
