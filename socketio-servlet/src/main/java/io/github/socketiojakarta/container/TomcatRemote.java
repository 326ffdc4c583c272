package io.github.socketiojakarta.container;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import java.lang.System.Logger.Level;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;

/**
 * What JSR-356 does not offer, from Tomcat's WebSocket remote endpoint: a non-blocking
 * {@code flushBatch} (JSR-356's blocks the caller until the peer has taken the bytes), and a
 * text frame sent from bytes already UTF-8 encoded (JSR-356 takes a String, and Tomcat encodes
 * it again for every connection a broadcast reaches). Tomcat does both internally by starting a
 * message (an internal "flush" one for the first), which it writes with non-blocking I/O and a
 * completion like any asynchronous send; this class starts those messages. It is reached by
 * reflection, checked once per remote endpoint class: on another container, or on a Tomcat
 * whose internals differ, {@link #of} returns {@code null} and frames are sent one by one
 * through JSR-356 as before.
 *
 * <p>The text frames bypass the endpoint's JSR-356 send state checks, which only guard against
 * overlapping sends: the engine is the single writer of its connections and never overlaps.
 *
 * <p>Disabled with the system property {@code io.github.socketiojakarta.tomcatBatching=false}.
 */
final class TomcatRemote {
    private static final System.Logger LOG = System.getLogger(TomcatRemote.class.getName());
    private static final boolean ENABLED =
            !"false".equals(System.getProperty("io.github.socketiojakarta.tomcatBatching"));

    /**
     * The probe's answer for the one remote endpoint class a container has. Not a
     * {@code ClassValue}: that would store an instance of this class (the application's class
     * loader) in the container's class, and keep every undeployed application in memory.
     */
    private static volatile Probed probed;

    private record Probed(Class<?> remoteClass, TomcatRemote remote) {}

    private final Field base;
    private final Method startMessage;
    private final byte flushOpcode;
    private final byte textOpcode;

    private TomcatRemote(Field base, Method startMessage, byte flushOpcode, byte textOpcode) {
        this.base = base;
        this.startMessage = startMessage;
        this.flushOpcode = flushOpcode;
        this.textOpcode = textOpcode;
    }

    /** Tomcat's internals for this remote endpoint, or {@code null} when not on Tomcat. */
    static TomcatRemote of(RemoteEndpoint.Async remote) {
        if (!ENABLED) {
            return null;
        }
        Probed p = probed;
        if (p == null || p.remoteClass() != remote.getClass()) {
            p = new Probed(remote.getClass(), probe(remote.getClass()));
            probed = p;
        }
        return p.remote();
    }

    /** The endpoint's implementation object, to hand to {@link #flush} and {@link #sendText}. */
    Object implementation(RemoteEndpoint.Async remote) {
        try {
            return base.get(remote);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Starts writing what the endpoint has batched; {@code handler} gets the result, on
     * another thread or (when Tomcat fails at once) on this one.
     *
     * @param implementation what {@link #implementation} gave for the endpoint
     * @return {@code null} when the flush started, else why it could not (then {@code handler}
     *     is not called)
     */
    Throwable flush(Object implementation, SendHandler handler) {
        return start(implementation, flushOpcode, null, handler);
    }

    /**
     * Starts sending one text frame whose payload is {@code utf8}, which must be valid UTF-8
     * and is not modified (it may be shared by many connections); results as {@link #flush}.
     */
    Throwable sendText(Object implementation, byte[] utf8, SendHandler handler) {
        return start(implementation, textOpcode, ByteBuffer.wrap(utf8), handler);
    }

    private Throwable start(Object implementation, byte opcode, ByteBuffer payload,
            SendHandler handler) {
        try {
            startMessage.invoke(implementation, opcode, payload, true, handler);
            return null;
        } catch (InvocationTargetException e) {
            return e.getCause() != null ? e.getCause() : e;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return e;
        }
    }

    private static TomcatRemote probe(Class<?> remoteClass) {
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
            Field flush = constants.getDeclaredField("INTERNAL_OPCODE_FLUSH");
            Field text = constants.getDeclaredField("OPCODE_TEXT");
            base.setAccessible(true);
            start.setAccessible(true);
            flush.setAccessible(true);
            text.setAccessible(true);
            TomcatRemote remote = new TomcatRemote(base, start, flush.getByte(null),
                    text.getByte(null));
            LOG.log(Level.DEBUG, "Tomcat WebSocket batching with non-blocking flush enabled");
            return remote;
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
