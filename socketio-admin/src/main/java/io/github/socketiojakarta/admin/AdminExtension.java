package io.github.socketiojakarta.admin;

import io.github.socketiojakarta.bootstrap.ServerExtension;
import io.github.socketiojakarta.server.SocketIoServer;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Instruments the context's server for the Admin UI from context parameters, with no code
 * (registered in {@code META-INF/services}): it does nothing unless {@code socketio.admin} is
 * {@code true} or a {@code socketio.admin.*} parameter is set (and {@code socketio.admin} is not
 * {@code false}).
 *
 * <table>
 * <caption>parameters</caption>
 * <tr><td>socketio.admin</td><td>{@code true} to instrument, {@code false} to never</td></tr>
 * <tr><td>socketio.admin.namespace</td><td>the admin namespace ({@code /admin})</td></tr>
 * <tr><td>socketio.admin.auth</td><td>{@code basic} (implied by a user name) or {@code none};
 *     unset, every connection is refused</td></tr>
 * <tr><td>socketio.admin.username, socketio.admin.passwordHash</td><td>basic auth: the user
 *     name and the bcrypt hash of the password ({@code $2a$}, {@code $2b$}, {@code $2y$})</td></tr>
 * <tr><td>socketio.admin.mode</td><td>{@code development} (default) or {@code production}</td></tr>
 * <tr><td>socketio.admin.readonly</td><td>{@code true} or {@code false} (default)</td></tr>
 * <tr><td>socketio.admin.serverId</td><td>this node's id (the host name)</td></tr>
 * <tr><td>socketio.admin.statsInterval</td><td>milliseconds between statistics (2000)</td></tr>
 * <tr><td>socketio.admin.store</td><td>where session ids live: {@code memory} (default), or
 *     the name of a {@link SessionStoreProvider} on the class path ({@code redis} with
 *     {@code socketio-redis}, configured by the {@code socketio.redis.*} parameters the Redis
 *     adapter uses); a store it makes is closed once the server has stopped</td></tr>
 * </table>
 */
public final class AdminExtension implements ServerExtension, AutoCloseable {
    private static final String[] SETTINGS = {"namespace", "auth", "username", "passwordHash",
        "mode", "readonly", "serverId", "statsInterval", "store"};
    private static final System.Logger LOG = System.getLogger(AdminExtension.class.getName());

    private volatile SessionStore owned;

    /** Used by the {@link java.util.ServiceLoader}. */
    public AdminExtension() {}

    @Override
    public void extend(SocketIoServer server, Function<String, String> settings) {
        AdminOptions options = options(settings);
        if (options == null) {
            return;
        }
        SessionStore store = store(settings);
        if (store != null) {
            owned = store;
            options = options.withStore(store);
        }
        AdminUi.instrument(server, options);
    }

    /** Closes the session store the parameters made (the bootstrap calls it after the server). */
    @Override
    public void close() {
        Object store = owned;
        owned = null;
        if (store instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "closing the admin session store failed", e);
            }
        }
    }

    /**
     * The store {@code socketio.admin.store} names, made by its provider, or {@code null} for
     * the default in-memory one.
     */
    static SessionStore store(Function<String, String> p) {
        String name = p.apply("admin.store");
        if (name == null || name.isBlank() || name.trim().equals("memory")) {
            return null;
        }
        name = name.trim();
        TreeSet<String> known = new TreeSet<>(List.of("memory"));
        for (SessionStoreProvider provider : ServiceLoader.load(SessionStoreProvider.class,
                AdminExtension.class.getClassLoader())) {
            if (provider.name().equals(name)) {
                return provider.create(p);
            }
            known.add(provider.name());
        }
        throw new IllegalArgumentException("socketio.admin.store: no session store named \""
                + name + "\" on the class path (available: " + String.join(", ", known) + ")");
    }


    /**
     * The options the parameters give, or {@code null} when they ask for no instrumentation.
     *
     * @throws IllegalArgumentException naming the parameter, for a malformed value
     */
    static AdminOptions options(Function<String, String> p) {
        String on = p.apply("admin");
        boolean any = false;
        for (String s : SETTINGS) {
            any |= p.apply("admin." + s) != null;
        }
        if (on != null && !on.equals("true") && !on.equals("false")) {
            throw new IllegalArgumentException("socketio.admin must be true or false: " + on);
        }
        if ("false".equals(on) || (on == null && !any)) {
            return null;
        }
        AdminOptions.Builder b = AdminOptions.builder();
        if (p.apply("admin.namespace") != null) {
            b.namespace(p.apply("admin.namespace"));
        }
        String auth = p.apply("admin.auth");
        String user = p.apply("admin.username");
        String hash = p.apply("admin.passwordHash");
        if (auth == null && user != null) {
            auth = "basic";
        }
        if ("none".equals(auth)) {
            if (user != null || hash != null) {
                throw new IllegalArgumentException("socketio.admin.auth is none: remove"
                        + " socketio.admin.username and socketio.admin.passwordHash");
            }
            b.noAuth();
        } else if ("basic".equals(auth)) {
            if (user == null || !AdminOptions.isBcryptHash(hash)) {
                throw new IllegalArgumentException("socketio.admin.auth basic needs"
                        + " socketio.admin.username and socketio.admin.passwordHash, a bcrypt"
                        + " hash ($2a$, $2b$ or $2y$)");
            }
            b.basicAuth(user, hash);
        } else if (auth != null) {
            throw new IllegalArgumentException("socketio.admin.auth must be basic or none: "
                    + auth);
        }
        String mode = p.apply("admin.mode");
        if (mode != null) {
            switch (mode.toLowerCase(Locale.ROOT)) {
                case "development" -> b.mode(AdminOptions.Mode.DEVELOPMENT);
                case "production" -> b.mode(AdminOptions.Mode.PRODUCTION);
                default -> throw new IllegalArgumentException(
                        "socketio.admin.mode must be development or production: " + mode);
            }
        }
        String readonly = p.apply("admin.readonly");
        if (readonly != null) {
            if (!readonly.equals("true") && !readonly.equals("false")) {
                throw new IllegalArgumentException(
                        "socketio.admin.readonly must be true or false: " + readonly);
            }
            b.readonly(Boolean.parseBoolean(readonly));
        }
        if (p.apply("admin.serverId") != null) {
            b.serverId(p.apply("admin.serverId"));
        }
        String interval = p.apply("admin.statsInterval");
        if (interval != null) {
            try {
                b.statsInterval(Duration.ofMillis(Long.parseLong(interval)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "socketio.admin.statsInterval must be a number: " + interval, e);
            }
        }
        return b.build();
    }
}
