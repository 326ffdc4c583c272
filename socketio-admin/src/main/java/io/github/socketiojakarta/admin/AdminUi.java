package io.github.socketiojakarta.admin;

import io.github.socketiojakarta.server.BroadcastOperator;
import io.github.socketiojakarta.server.Event;
import io.github.socketiojakarta.server.Namespace;
import io.github.socketiojakarta.server.RemoteSocket;
import io.github.socketiojakarta.server.Socket;
import io.github.socketiojakarta.server.SocketIoServer;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * Instruments a server for the official Socket.IO Admin UI, as {@code instrument()} of
 * {@code @socket.io/admin-ui} 0.5.x does: the admin namespace with its authentication, the
 * events the UI listens to and the commands it sends.
 *
 * <pre>{@code
 * AdminUi.instrument(io, AdminOptions.builder()
 *         .basicAuth("admin", "$2b$10$...") // the bcrypt hash of the password
 *         .serverId("node-1")
 *         .build());
 * }</pre>
 *
 * <p>Every node of a cluster is instrumented with its own {@code serverId} (and one shared
 * {@link SessionStore}): the admin events are broadcasts of the admin namespace, so an admin
 * socket on any node receives every node's statistics and socket events, and the commands go
 * through the namespaces' adapters to sockets on every node.
 *
 * <p>Events: {@code session} (the session id, right after the CONNECT reply of a login with
 * the password), {@code config}, {@code all_sockets} and {@code server_stats} (every
 * {@link AdminOptions#statsInterval()}), and in development mode {@code socket_connected},
 * {@code socket_updated} (a socket's transport after an upgrade, or its whole data after the
 * application changed it: both seen at the next statistics tick, by comparing each socket's data
 * with a bounded copy of what was last sent), {@code socket_disconnected}, {@code room_joined},
 * {@code room_left}, {@code event_received} and {@code event_sent}. Commands, unless read-only:
 * {@code emit}, {@code join}, {@code leave} and {@code _disconnect}, on a namespace's sockets or
 * those of a room (a socket's id names its own room). Thread-safe.
 */
public final class AdminUi {
    private static final System.Logger LOG = System.getLogger(AdminUi.class.getName());
    private static final Map<SocketIoServer, AdminUi> INSTRUMENTED = new WeakHashMap<>();

    private final SocketIoServer io;
    private final AdminOptions options;
    private final Namespace admin;
    private final LoginGuard guard;
    private final Stats stats;
    private final Verbose verbose;
    private final List<String> features;
    private volatile boolean stopped;
    private volatile ScheduledFuture<?> timer;

    private AdminUi(SocketIoServer io, AdminOptions options) {
        this.io = io;
        this.options = options;
        this.admin = io.of(options.namespace());
        this.guard = new LoginGuard(options, System::currentTimeMillis);
        this.stats = new Stats(io, options.serverId());
        boolean development = options.mode() == AdminOptions.Mode.DEVELOPMENT;
        this.verbose = development ? new Verbose(admin) : null;
        List<String> f = new ArrayList<>();
        if (!options.readonly()) {
            f.addAll(List.of("EMIT", "JOIN", "LEAVE", "DISCONNECT", "MJOIN", "MLEAVE",
                    "MDISCONNECT"));
        }
        f.add("AGGREGATED_EVENTS");
        if (development) {
            f.add("ALL_EVENTS");
        }
        this.features = List.copyOf(f);
    }

    /**
     * Instruments {@code io}: creates the admin namespace and starts reporting. Call it once per
     * server, before clients connect (sockets connected earlier are not reported as they come
     * and go).
     *
     * @throws IllegalStateException when the server is instrumented already
     */
    public static AdminUi instrument(SocketIoServer io, AdminOptions options) {
        synchronized (INSTRUMENTED) {
            if (INSTRUMENTED.containsKey(io)) {
                // twice (code and context parameters) would check logins and send events twice
                throw new IllegalStateException("this server is instrumented already");
            }
            AdminUi ui = new AdminUi(io, options);
            INSTRUMENTED.put(io, ui);
            ui.start();
            return ui;
        }
    }

    /** The admin namespace. */
    public Namespace namespace() {
        return admin;
    }

    /** The options. */
    public AdminOptions options() {
        return options;
    }

    /**
     * Stops sending {@code server_stats} (it also stops with the server). The namespace and its
     * listeners stay.
     */
    public void stop() {
        stopped = true;
        ScheduledFuture<?> t = timer;
        if (t != null) {
            t.cancel(false);
        }
    }

    private void start() {
        admin.use(guard);
        io.onConnectionOpen(session -> stats.push("rawConnection", null, 1));
        io.onConnectionClose((session, reason) ->
                stats.push("rawDisconnection", reason.reason(), 1));
        if (verbose != null) {
            io.onNewNamespace(verbose::watch);
            for (Namespace n : io.namespaces().values()) {
                verbose.watch(n);
            }
        }
        admin.prependConnectionListener(this::onAdminConnection);
        if (options.auth() == AdminOptions.Auth.UNSET) {
            LOG.log(Level.WARNING, "{0}: no authentication chosen (basic or none): every"
                    + " connection is refused", options.namespace());
        } else if (options.auth() == AdminOptions.Auth.NONE) {
            LOG.log(Level.WARNING, "{0}: authentication is disabled", options.namespace());
        }
        tick();
    }

    /** Sends the statistics, and plans the next time. */
    private void tick() {
        if (stopped || io.engine().closed()) {
            return;
        }
        try {
            if (verbose != null) {
                verbose.checkUpgrades();
                verbose.checkData();
            }
            admin.emit("server_stats", stats.snapshot());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "sending server_stats failed", e);
        }
        timer = io.engine().scheduleTask(
                () -> io.callbackExecutor().execute(this::tick),
                options.statsInterval().toMillis());
    }

    private void onAdminConnection(Socket socket) {
        String session = guard.takeSessionId(socket);
        if (session != null) {
            // after the CONNECT reply, so that the UI's listener (added on connect) gets it
            socket.emit("session", session);
        }
        if (!options.readonly()) {
            socket.on("emit", this::emit);
            socket.on("join", e -> rooms(e, true));
            socket.on("leave", e -> rooms(e, false));
            socket.on("_disconnect", this::disconnect);
        }
        socket.emit("config", Map.of("supportedFeatures", features));
        if (verbose != null) {
            allSockets().whenComplete((list, error) -> {
                if (error != null) {
                    LOG.log(Level.WARNING, "fetching the sockets for the admin UI failed", error);
                } else {
                    socket.emit("all_sockets", list);
                }
            });
        }
    }

    /** Every socket of every namespace, on every node. */
    private CompletableFuture<List<Map<String, Object>>> allSockets() {
        List<CompletableFuture<List<Map<String, Object>>>> parts = new ArrayList<>();
        for (Namespace n : io.namespaces().values()) {
            parts.add(n.fetchSockets().thenApply(sockets -> {
                List<Map<String, Object>> out = new ArrayList<>(sockets.size());
                for (RemoteSocket s : sockets) {
                    Socket local = n.sockets().get(s.id());
                    out.add(local != null ? Serialized.local(local)
                            : Serialized.remote(s, n.name()));
                }
                return out;
            }));
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(v -> {
            List<Map<String, Object>> all = new ArrayList<>();
            for (CompletableFuture<List<Map<String, Object>>> p : parts) {
                all.addAll(p.join());
            }
            return all;
        });
    }

    /** {@code emit(nsp, filter, event, ...args)}. */
    private void emit(Event e) {
        List<Object> a = e.args().values();
        if (a.size() < 3 || !(a.get(2) instanceof String event)) {
            return;
        }
        BroadcastOperator target = target(a.get(0), a.get(1));
        if (target != null) {
            try {
                target.emit(event, a.subList(3, a.size()).toArray());
            } catch (IllegalArgumentException ex) {
                LOG.log(Level.DEBUG, "admin emit refused: {0}", ex.getMessage());
            }
        }
    }

    /** {@code join(nsp, room, filter?)} and {@code leave(nsp, room, filter?)}. */
    private void rooms(Event e, boolean join) {
        List<Object> a = e.args().values();
        if (a.size() < 2 || !(a.get(1) instanceof String room)) {
            return;
        }
        BroadcastOperator target = target(a.get(0), a.size() > 2 ? a.get(2) : null);
        if (target != null) {
            if (join) {
                target.socketsJoin(room);
            } else {
                target.socketsLeave(room);
            }
        }
    }

    /** {@code _disconnect(nsp, close, filter?)}. */
    private void disconnect(Event e) {
        List<Object> a = e.args().values();
        if (a.isEmpty()) {
            return;
        }
        boolean close = a.size() > 1 && Boolean.TRUE.equals(a.get(1));
        BroadcastOperator target = target(a.get(0), a.size() > 2 ? a.get(2) : null);
        if (target != null) {
            target.disconnectSockets(close);
        }
    }

    /** The sockets of a namespace, or of a room of it when {@code filter} names one. */
    private BroadcastOperator target(Object nsp, Object filter) {
        if (!(nsp instanceof String name) || !name.startsWith("/")) {
            return null;
        }
        Namespace n = io.of(name);
        return filter instanceof String room && !room.isEmpty() ? n.in(room) : n.broadcast();
    }
}
