package io.github.socketiojakarta.server;

import io.github.socketiojakarta.adapter.ConnectionStateRecovery;
import io.github.socketiojakarta.adapter.OutboundPacket;
import io.github.socketiojakarta.adapter.RestoredSession;
import io.github.socketiojakarta.engine.CloseReason;
import io.github.socketiojakarta.engine.EngineServer;
import io.github.socketiojakarta.engine.EngineSession;
import io.github.socketiojakarta.protocol.ParseException;
import io.github.socketiojakarta.protocol.SocketDecoder;
import io.github.socketiojakarta.protocol.SocketPacket;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * One Engine.IO connection seen by the Socket.IO layer: decodes its packets, multiplexes its
 * namespaces (one {@link Socket} each), enforces connectTimeout and the protocol's rules.
 *
 * <p>Every method that changes state runs in the session's order (the engine's serial callback
 * order), so the decoder and the namespace maps see one thread at a time; {@link #inOrder} brings
 * work from other threads into that order.
 */
final class Client {
    private static final System.Logger LOG = System.getLogger(Client.class.getName());
    private static final ThreadLocal<Client> CURRENT = new ThreadLocal<>();

    private final SocketIoServer server;
    private final EngineSession session;
    private final SocketDecoder decoder;
    // Immutable, replaced as a whole on each change (under this object's lock; changes only
    // come in the session's order anyway): a connection usually has one namespace, and an
    // immutable map of one entry is far smaller than a concurrent map.
    private volatile Map<String, Socket> sockets = Map.of();
    private volatile Set<String> connecting = Set.of();
    // null once cancelled, so that the cancelled task is not kept for the connection's life
    private volatile ScheduledFuture<?> connectTimer;
    private volatile boolean closed;
    // in the session's order only
    private boolean decodedAny;

    Client(SocketIoServer server, EngineSession session) {
        this.server = server;
        this.session = session;
        this.decoder = server.options().parser().newDecoder(server.options().decoderLimits());
        this.connectTimer = schedule(this::connectTimedOut,
                server.options().connectTimeout().toMillis());
    }

    EngineSession session() {
        return session;
    }

    /**
     * Whether the client speaks Socket.IO protocol v4 (a Socket.IO v2 client, over Engine.IO
     * v3): it is connected to {@code /} without asking, its CONNECT carries no data, its
     * namespaces' auth is the query after the namespace, and its socket ids are the engine's.
     */
    boolean legacy() {
        return session.protocol() == 3;
    }

    /**
     * The id of a new socket of this connection: random (protocol v5), or as a v2 client
     * computes it: the engine's session id for {@code /}, {@code <namespace>#<session id>}
     * otherwise.
     */
    String newSocketId(String namespace) {
        if (!legacy()) {
            return EngineServer.newSessionId();
        }
        return SocketPacket.MAIN_NAMESPACE.equals(namespace) ? session.id()
                : namespace + "#" + session.id();
    }

    /** The connection opened (in order): a v2 client is connected to {@code /} at once. */
    void onOpen() {
        if (legacy() && addConnecting(SocketPacket.MAIN_NAMESPACE)) {
            connect(SocketPacket.MAIN_NAMESPACE, Map.of());
        }
    }

    // ------------------------------------------------------------------ order

    /** Runs {@code task} in this connection's order: now if already there, else queued. */
    void inOrder(Runnable task) {
        if (CURRENT.get() == this) {
            task.run();
        } else {
            session.execute(() -> runAsCurrent(task));
        }
    }

    /** Runs a task with this client marked as the current one (we are in its order). */
    void runAsCurrent(Runnable task) {
        Client previous = CURRENT.get();
        CURRENT.set(this);
        try {
            task.run();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    /** Runs a task after a delay, in this connection's order. */
    ScheduledFuture<?> schedule(Runnable task, long delayMillis) {
        return server.engine().scheduleTask(() -> inOrder(task), delayMillis);
    }

    // ------------------------------------------------------------------ input

    void onText(String text) {
        SocketPacket packet;
        try {
            packet = decoder.decodeText(text);
        } catch (ParseException e) {
            firstPacketRefused(e);
            violation("invalid packet: " + e.getMessage());
            return;
        }
        decodedAny = true;
        if (packet != null) {
            onPacket(packet);
        }
    }

    void onBinary(byte[] data) {
        SocketPacket packet;
        try {
            packet = decoder.decodeBinary(data);
        } catch (ParseException e) {
            firstPacketRefused(e);
            violation("invalid binary packet: " + e.getMessage());
            return;
        }
        decodedAny = true;
        if (packet != null) {
            onPacket(packet);
        }
    }

    /**
     * A connection whose very first packet does not decode is most often a client using another
     * parser than the server's (nothing on the wire says which one): say so where operators see
     * it.
     */
    private void firstPacketRefused(ParseException e) {
        if (!decodedAny) {
            LOG.log(Level.INFO, "connection {0}: its first packet does not decode with the"
                    + " server''s \"{1}\" parser ({2}); a client must use the same parser as the"
                    + " server; closing", session.id(), server.options().parser().name(),
                    e.getMessage());
        }
    }

    private void onPacket(SocketPacket packet) {
        String nsp = packet.namespace();
        if (packet instanceof SocketPacket.Connect c) {
            Map<String, Object> auth = c.data() == null ? Map.of() : c.data();
            int query = nsp.indexOf('?');
            if (legacy() && query >= 0) {
                // a v2 client sends its auth as a query after the namespace
                auth = LegacyQuery.parse(nsp.substring(query + 1));
                nsp = nsp.substring(0, query);
            }
            if (sockets.containsKey(nsp) || !addConnecting(nsp)) {
                violation("second CONNECT to " + nsp);
                return;
            }
            connect(nsp, auth);
            return;
        }
        if (packet instanceof SocketPacket.ConnectError) {
            violation("CONNECT_ERROR from a client");
            return;
        }
        Socket socket = sockets.get(nsp);
        if (socket == null) {
            violation(packet.type() + " for namespace " + nsp + " before CONNECT");
            return;
        }
        if (packet instanceof SocketPacket.Disconnect) {
            socket.onClose(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT);
        } else {
            socket.onPacket(packet);
        }
    }

    private void connect(String name, Map<String, Object> auth) {
        Namespace nsp = server.namespaceFor(name, auth);
        if (nsp == null) {
            removeConnecting(name);
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("message", "Invalid namespace");
            server.counters.connectsRefused.increment();
            sendRaw(new SocketPacket.ConnectError(name, error));
            return;
        }
        // a v2 client cannot recover: its CONNECT answer has no private id
        ConnectionStateRecovery recovery = legacy() ? null : nsp.recovery();
        if (recovery == null) {
            nsp.connect(this, new Socket(nsp, this, Handshake.of(session.request(), auth)));
            return;
        }
        // the private id is a secret: it is not kept in the handshake (fetchSockets shows it)
        Map<String, Object> shown = auth;
        if (auth.containsKey("pid")) {
            shown = new LinkedHashMap<>(auth);
            shown.remove("pid");
        }
        Handshake handshake = Handshake.of(session.request(), shown);
        if (!(auth.get("pid") instanceof String pid)
                || !(auth.get("offset") instanceof String offset)) {
            nsp.connect(this, new Socket(nsp, this, handshake));
            return;
        }
        server.counters.recoveriesAttempted.increment();
        CompletableFuture<RestoredSession> restoring;
        try {
            restoring = nsp.adapter().restoreSession(pid, offset);
        } catch (RuntimeException e) {
            restoring = CompletableFuture.failedFuture(e);
        }
        restoring.whenComplete((restored, error) -> inOrder(() -> {
            if (error != null) {
                LOG.log(Level.DEBUG, "connection {0}: restoring a session failed, connecting a "
                        + "new socket: {1}", session.id(), error.toString());
            }
            connectRecovered(nsp, handshake, error == null ? restored : null, recovery);
        }));
    }

    /**
     * Connects the socket of a client that asked for recovery (in order): the restored one,
     * after sending it the packets it missed (before the CONNECT reply, as the reference), and
     * without middlewares unless asked; a new one when there was nothing to restore.
     */
    private void connectRecovered(Namespace nsp, Handshake handshake, RestoredSession restored,
            ConnectionStateRecovery recovery) {
        if (closed) {
            removeConnecting(nsp.name());
            return;
        }
        if (restored == null) {
            nsp.connect(this, new Socket(nsp, this, handshake));
            return;
        }
        server.counters.recoveriesSucceeded.increment();
        Socket socket = new Socket(nsp, this, handshake, restored.session());
        for (OutboundPacket missed : restored.missedPackets()) {
            send(missed, false);
        }
        if (recovery.skipMiddlewares()) {
            onConnected(nsp, socket);
        } else {
            nsp.connect(this, socket);
        }
    }

    /** The middleware chain passed (in order). */
    void onConnected(Namespace nsp, Socket socket) {
        removeConnecting(nsp.name());
        if (closed) {
            return;
        }
        synchronized (this) {
            if (sockets.isEmpty()) {
                sockets = Map.of(nsp.name(), socket); // the usual case: no copy
            } else {
                Map<String, Socket> next = new HashMap<>(sockets);
                next.put(nsp.name(), socket);
                sockets = Map.copyOf(next);
            }
        }
        // as the reference: once a namespace is joined the timeout is over, even if the
        // client leaves its last namespace later
        cancelConnectTimer();
        nsp.added(socket);
    }

    /** A middleware refused the socket (in order). */
    void onRejected(Namespace nsp, String message, Object data) {
        removeConnecting(nsp.name());
        if (closed) {
            return;
        }
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message == null ? "" : message);
        if (data != null) {
            error.put("data", data);
        }
        server.counters.connectsRefused.increment();
        // a v2 client gets the error's data, else its message, as the packet's whole payload
        Object payload = !legacy() ? error : data != null ? data : error.get("message");
        sendRaw(new SocketPacket.ConnectError(nsp.name(), payload));
    }

    private void connectTimedOut() {
        if (!closed && sockets.isEmpty() && connecting.isEmpty()) {
            LOG.log(Level.DEBUG, "connection {0}: no CONNECT within connectTimeout", session.id());
            session.close(CloseReason.FORCED_CLOSE);
        }
    }

    private void violation(String what) {
        LOG.log(Level.DEBUG, "connection {0}: {1}; closing", session.id(), what);
        decoder.reset();
        session.closeGracefully(CloseReason.PARSE_ERROR);
    }

    // ------------------------------------------------------------------ output

    boolean send(OutboundPacket packet, boolean isVolatile) {
        return isVolatile ? session.sendVolatile(packet.frames()) : session.send(packet.frames());
    }

    private void sendRaw(SocketPacket packet) {
        send(server.encode(packet), false);
    }

    synchronized void remove(Socket socket) {
        String name = socket.namespace().name();
        if (sockets.get(name) == socket) {
            if (sockets.size() == 1) {
                sockets = Map.of();
                return;
            }
            Map<String, Socket> next = new HashMap<>(sockets);
            next.remove(name);
            sockets = Map.copyOf(next);
        }
    }

    private synchronized boolean addConnecting(String nsp) {
        if (connecting.contains(nsp)) {
            return false;
        }
        if (connecting.isEmpty()) {
            connecting = Set.of(nsp); // the usual case: no copy
            return true;
        }
        Set<String> next = new HashSet<>(connecting);
        next.add(nsp);
        connecting = Set.copyOf(next);
        return true;
    }

    private synchronized void removeConnecting(String nsp) {
        if (connecting.contains(nsp)) {
            if (connecting.size() == 1) {
                connecting = Set.of();
                return;
            }
            Set<String> next = new HashSet<>(connecting);
            next.remove(nsp);
            connecting = Set.copyOf(next);
        }
    }

    private void cancelConnectTimer() {
        ScheduledFuture<?> timer = connectTimer;
        if (timer != null) {
            timer.cancel(false);
            connectTimer = null;
        }
    }

    /** Disconnects every socket, then closes the connection (in order). */
    void disconnectAll() {
        for (Socket s : new ArrayList<>(sockets.values())) {
            send(server.encode(new SocketPacket.Disconnect(s.namespace().name())), false);
            s.onClose(DisconnectReason.SERVER_NAMESPACE_DISCONNECT);
        }
        session.close(CloseReason.FORCED_CLOSE);
    }

    /** The connection closed (in order): every socket disconnects with the reason. */
    void onClose(CloseReason reason) {
        closed = true;
        cancelConnectTimer();
        decoder.reset();
        synchronized (this) {
            connecting = Set.of();
        }
        DisconnectReason why = DisconnectReason.of(reason);
        List<Socket> all = new ArrayList<>(sockets.values());
        for (Socket s : all) {
            s.onClose(why);
        }
    }
}
