package io.github.socketiojakarta.container;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import java.lang.System.Logger.Level;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;

/**
 * A non-blocking {@code flushBatch} for Tomcat's WebSocket remote endpoint, which JSR-356 does
 * not offer: its {@code flushBatch()} blocks the caller until the peer has taken the bytes.
 * Tomcat flushes a batch internally by starting an internal "flush" message, which it writes
 * with non-blocking I/O and a completion like any asynchronous send; this class starts that
 * message. It is reached by reflection, checked once per remote endpoint class: on another
 * container, or on a Tomcat whose internals differ, {@link #of} returns {@code null} and frames
 * are sent one by one as before.
 *
 * <p>Disabled with the system property {@code io.github.socketiojakarta.tomcatBatching=false}.
 */
final class TomcatBatchFlush {
    private static final System.Logger LOG = System.getLogger(TomcatBatchFlush.class.getName());
    private static final boolean ENABLED =
            !"false".equals(System.getProperty("io.github.socketiojakarta.tomcatBatching"));

    /**
     * The probe's answer for the one remote endpoint class a container has. Not a
     * {@code ClassValue}: that would store an instance of this class (the application's class
     * loader) in the container's class, and keep every undeployed application in memory.
     */
    private static volatile Probed probed;

    private record Probed(Class<?> remoteClass, TomcatBatchFlush flush) {}

    private final Field base;
    private final Method startMessage;
    private final byte flushOpcode;

    private TomcatBatchFlush(Field base, Method startMessage, byte flushOpcode) {
        this.base = base;
        this.startMessage = startMessage;
        this.flushOpcode = flushOpcode;
    }

    /** The flush for this remote endpoint, or {@code null} when its container is not Tomcat. */
    static TomcatBatchFlush of(RemoteEndpoint.Async remote) {
        if (!ENABLED) {
            return null;
        }
        Probed p = probed;
        if (p == null || p.remoteClass() != remote.getClass()) {
            p = new Probed(remote.getClass(), probe(remote.getClass()));
            probed = p;
        }
        return p.flush();
    }

    /**
     * Starts writing what the endpoint has batched; {@code handler} gets the result, on
     * another thread or (when Tomcat fails at once) on this one.
     *
     * @return {@code null} when the flush started, else why it could not (then {@code handler}
     *     is not called)
     */
    Throwable flush(RemoteEndpoint.Async remote, SendHandler handler) {
        try {
            startMessage.invoke(base.get(remote), flushOpcode, null, true, handler);
            return null;
        } catch (InvocationTargetException e) {
            return e.getCause() != null ? e.getCause() : e;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return e;
        }
    }

    private static TomcatBatchFlush probe(Class<?> remoteClass) {
        try {
            Field base = findField(remoteClass, "base");
            if (base == null) {
                return null;
            }
            Class<?> impl = base.getType(); // org.apache.tomcat.websocket.WsRemoteEndpointImplBase
            if (!impl.getName().equals("org.apache.tomcat.websocket.WsRemoteEndpointImplBase")) {
                return null;
            }
            Method start = impl.getDeclaredMethod("startMessage", byte.class, ByteBuffer.class,
                    boolean.class, SendHandler.class);
            Class<?> constants = Class.forName("org.apache.tomcat.websocket.Constants", false,
                    impl.getClassLoader());
            Field opcode = constants.getDeclaredField("INTERNAL_OPCODE_FLUSH");
            base.setAccessible(true);
            start.setAccessible(true);
            opcode.setAccessible(true);
            TomcatBatchFlush flush = new TomcatBatchFlush(base, start, opcode.getByte(null));
            LOG.log(Level.DEBUG, "Tomcat WebSocket batching with non-blocking flush enabled");
            return flush;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.log(Level.DEBUG, "no non-blocking batch flush on {0}: {1}", remoteClass.getName(),
                    e.toString());
            return null;
        }
    }

    private static Field findField(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                return c.getDeclaredField(name);
            } catch (NoSuchFieldException e) {
                // go on with the superclass
            }
        }
        return null;
    }
}
