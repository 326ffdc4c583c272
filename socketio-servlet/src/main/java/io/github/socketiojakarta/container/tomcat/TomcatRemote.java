package io.github.socketiojakarta.container.tomcat;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import java.lang.System.Logger.Level;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What JSR-356 does not offer, from Tomcat's WebSocket remote endpoint: a non-blocking
 * {@code flushBatch} (JSR-356's blocks the caller until the peer has taken the bytes), and a
 * text frame sent from bytes already UTF-8 encoded (JSR-356 takes a String, and Tomcat encodes
 * it again for every connection a broadcast reaches). Tomcat does both internally by starting a
 * message (an internal "flush" one for the first), which it writes with non-blocking I/O and a
 * completion like any asynchronous send; this class starts those messages. It is reached by
 * reflection, checked once per remote endpoint class, and only on the Tomcat versions it was
 * written for ({@link #SUPPORTED}: 10.1 and 11.0, read from Tomcat's {@code ServerInfo}, else
 * from the WebSocket package's implementation version): on another container, another Tomcat,
 * or a Tomcat whose internals differ, {@link #of} returns {@code null} and frames are sent one
 * by one through plain JSR-356. Which write path is used is logged once, at INFO.
 *
 * <p>The text frames bypass the endpoint's JSR-356 send state checks, which only guard against
 * overlapping sends: the engine is the single writer of its connections and never overlaps.
 *
 * <p>Class loaders: Tomcat's classes outlive every application deployed on it, so nothing of
 * ours is ever stored in them: no {@code ClassValue} keyed by Tomcat's remote endpoint class
 * (it would keep this class, and the application's loader, in memory after undeployment); the
 * probe's answer is a static field of this class.
 *
 * <p>Disabled with the system property {@code io.github.socketiojakarta.tomcatBatching=false}.
 *
 * <p>Thread-safe: immutable once probed; the probe may run twice in a race, harmlessly.
 */
final class TomcatRemote {
    private static final System.Logger LOG = System.getLogger(TomcatRemote.class.getName());
    /** The switch: {@code -Dio.github.socketiojakarta.tomcatBatching=false} turns this off. */
    static final String SWITCH = "io.github.socketiojakarta.tomcatBatching";
    private static final boolean ENABLED = !"false".equals(System.getProperty(SWITCH));
    /** The Tomcat versions (major.minor) whose internals this class was written against. */
    static final String[] SUPPORTED = {"10.1", "11.0"};
    /** The write path was logged (once per class loader: per application). */
    private static final AtomicBoolean LOGGED = new AtomicBoolean();

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
            logPath("plain JSR-356, frame by frame (Tomcat batching switched off by -D" + SWITCH
                    + "=false)");
            return null;
        }
        Probed p = probed;
        if (p == null || p.remoteClass() != remote.getClass()) {
            p = new Probed(remote.getClass(), probe(remote.getClass()));
            probed = p;
        }
        return p.remote();
    }

    /** Logs, once, which write path WebSocket connections take. */
    private static void logPath(String path) {
        if (!LOGGED.get() && LOGGED.compareAndSet(false, true)) {
            LOG.log(Level.INFO, "WebSocket writes: {0}", path);
        }
    }

    /**
     * The Tomcat version the remote endpoint class belongs to ("11.0.15.0"), from Tomcat's
     * {@code ServerInfo} if its loader sees it, else from the class's package, or null.
     */
    private static String tomcatVersion(Class<?> remoteClass) {
        try {
            Class<?> info = Class.forName("org.apache.catalina.util.ServerInfo", false,
                    remoteClass.getClassLoader());
            Object number = info.getMethod("getServerNumber").invoke(null);
            if (number instanceof String s && !s.isEmpty()) {
                return s;
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // not visible from here: try the package
        }
        Package p = remoteClass.getPackage();
        return p == null ? null : p.getImplementationVersion();
    }

    /** Whether {@code version} is in the range of {@link #SUPPORTED} major.minor versions. */
    static boolean supported(String version) {
        if (version == null) {
            return false;
        }
        for (String s : SUPPORTED) {
            if (version.equals(s) || version.startsWith(s + ".")) {
                return true;
            }
        }
        return false;
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
        if (!remoteClass.getName().startsWith("org.apache.tomcat.websocket.")) {
            return null; // another container: JsrChannel, or that container's channel, logs
        }
        String version = tomcatVersion(remoteClass);
        if (!supported(version)) {
            logPath("plain JSR-356, frame by frame (Tomcat " + version + " is not one of "
                    + String.join(", ", SUPPORTED) + ")");
            return null;
        }
        try {
            Field base = findField(remoteClass, "base");
            if (base == null) {
                throw new NoSuchFieldException("base");
            }
            Class<?> impl = base.getType(); // org.apache.tomcat.websocket.WsRemoteEndpointImplBase
            if (!impl.getName().equals("org.apache.tomcat.websocket.WsRemoteEndpointImplBase")) {
                throw new ClassNotFoundException("WsRemoteEndpointImplBase, found "
                        + impl.getName());
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
            logPath("Tomcat " + version + " batches, written with its non-blocking flush (-D"
                    + SWITCH + "=false for plain JSR-356)");
            return remote;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.log(Level.DEBUG, "no non-blocking batch flush on {0}: {1}", remoteClass.getName(),
                    e.toString());
            logPath("plain JSR-356, frame by frame (Tomcat " + version
                    + " internals not as expected: " + e + ")");
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
