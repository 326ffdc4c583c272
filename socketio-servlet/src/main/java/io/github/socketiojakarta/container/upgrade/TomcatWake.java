package io.github.socketiojakarta.container.upgrade;

import jakarta.servlet.ServletOutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * Makes Tomcat act on a closed upgraded connection that no event would otherwise wake. Tomcat
 * closes an upgraded connection's socket only when it next dispatches an event for it (it then
 * sees both streams closed); a connection closed from a thread of ours (a timer, a send that
 * fails, the engine's close after a ping timeout) while the peer stays silent would wait for
 * that event forever. Asking Tomcat's socket for write readiness gives it one at once (the
 * socket is writable, or its write times out). Tomcat's socket wrapper is reached by
 * reflection, checked once per output stream class; on another container, {@link #wake}
 * does nothing and returns false.
 *
 * <p>Nothing of ours is stored in Tomcat's classes (the application's class loader must not
 * outlive its undeployment). Thread-safe: immutable once probed; a probe may run twice in a
 * race, harmlessly.
 */
final class TomcatWake {
    private static volatile Probed probed;

    private record Probed(Class<?> streamClass, Field wrapper, Method register) {}

    private TomcatWake() {}

    /**
     * Asks the container for an event on the connection of {@code out}.
     *
     * @return whether it could (Tomcat)
     */
    static boolean wake(ServletOutputStream out) {
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
            Method m = f.getType().getMethod("registerWriteInterest");
            return new Probed(streamClass, f, m);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return new Probed(streamClass, null, null);
        }
    }
}
