package io.github.socketiojakarta.container.upgrade;

import jakarta.servlet.ServletOutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * Closes the socket of an upgraded connection on Tomcat from a thread of ours. Tomcat closes an
 * upgraded connection's socket only when it next dispatches an event for it (it then sees both
 * streams closed); a connection closed from a thread of ours (a timer, an abort, the engine's
 * close after a ping timeout) while the peer stays silent, or does not read, would wait for that
 * event forever (an upgraded connection has no timeouts). Tomcat's own WebSocket closes its
 * socket wrapper from any thread; this does the same, which also ends the upgrade handler. The
 * socket wrapper is reached by reflection, checked once per output stream class; on another
 * container, {@link #close} does nothing and returns false.
 *
 * <p>Nothing of ours is stored in Tomcat's classes (the application's class loader must not
 * outlive its undeployment). Thread-safe: immutable once probed; a probe may run twice in a
 * race, harmlessly.
 */
final class TomcatSocket {
    private static volatile Probed probed;

    private record Probed(Class<?> streamClass, Field wrapper, Method register) {}

    private TomcatSocket() {}

    /**
     * Closes the socket of the upgraded connection whose output stream is {@code out}.
     *
     * @return whether it could (Tomcat)
     */
    static boolean close(ServletOutputStream out) {
        Probed p = probed;
        if (p == null || p.streamClass() != out.getClass()) {
            p = probe(out.getClass());
            probed = p;
        }
        if (p.wrapper() == null) {
            return false;
        }
        try {
            Object wrapper = p.wrapper().get(out);
            if (wrapper == null) {
                return false;
            }
            p.register().invoke(wrapper);
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    private static Probed probe(Class<?> streamClass) {
        if (!streamClass.getName().startsWith("org.apache.coyote.")) {
            return new Probed(streamClass, null, null);
        }
        try {
            Field f = streamClass.getDeclaredField("socketWrapper");
            f.setAccessible(true);
            Method m = f.getType().getMethod("close");
            return new Probed(streamClass, f, m);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return new Probed(streamClass, null, null);
        }
    }
}
