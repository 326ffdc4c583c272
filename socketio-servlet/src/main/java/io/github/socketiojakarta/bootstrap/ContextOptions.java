package io.github.socketiojakarta.bootstrap;

import io.github.socketiojakarta.adapter.AdapterFactory;
import io.github.socketiojakarta.adapter.AdapterProvider;
import io.github.socketiojakarta.adapter.ConnectionStateRecovery;
import io.github.socketiojakarta.engine.CallbackDispatch;
import io.github.socketiojakarta.engine.CookieOptions;
import io.github.socketiojakarta.engine.CorsOptions;
import io.github.socketiojakarta.engine.TransportType;
import io.github.socketiojakarta.protocol.SocketParser;
import io.github.socketiojakarta.server.ServerOptions;
import jakarta.servlet.ServletContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Reads server options from servlet context init parameters, so that a deployment can be tuned
 * without code ({@code web.xml} {@code <context-param>}s, or the container's context settings):
 *
 * <table>
 * <caption>parameters</caption>
 * <tr><td>socketio.enabled</td><td>{@code false} to mount nothing (default true)</td></tr>
 * <tr><td>socketio.path</td><td>mount path (/socket.io/)</td></tr>
 * <tr><td>socketio.pingInterval, socketio.pingTimeout, socketio.upgradeTimeout,
 *     socketio.connectTimeout</td><td>milliseconds</td></tr>
 * <tr><td>socketio.maxHttpBufferSize</td><td>bytes</td></tr>
 * <tr><td>socketio.transports</td><td>comma list of polling, websocket</td></tr>
 * <tr><td>socketio.allowUpgrades</td><td>true or false</td></tr>
 * <tr><td>socketio.allowEIO3</td><td>true to serve Socket.IO v2 clients (Engine.IO v3) as
 *     well (default false)</td></tr>
 * <tr><td>socketio.cors.origins</td><td>comma list of origins, or *; enables CORS</td></tr>
 * <tr><td>socketio.cors.credentials</td><td>true or false</td></tr>
 * <tr><td>socketio.cookie</td><td>cookie name; enables the session cookie</td></tr>
 * <tr><td>socketio.dispatch</td><td>{@code reading-thread-when-idle} or {@code pool}</td></tr>
 * <tr><td>socketio.websocket</td><td>{@code servlet} (the servlet's HTTP upgrade and the
 *     library's own WebSocket; the default on Tomcat, and refused with a warning elsewhere) or
 *     {@code jsr356} (the container's JSR-356; the default elsewhere); read by the engine's
 *     servlet when it starts, also as a system property</td></tr>
 * <tr><td>socketio.adapter</td><td>{@code memory} (default) or the name of an
 *     {@link AdapterProvider} on the class path, e.g. {@code redis} (socketio-redis), whose
 *     settings are further {@code socketio.*} parameters (socketio-redis: {@code
 *     socketio.redis.url}, {@code .prefix}, {@code .requestsTimeout},
 *     {@code .publishOnSpecificResponseChannel})</td></tr>
 * <tr><td>socketio.parser</td><td>{@code default} (JSON, the default) or the name of a
 *     {@link SocketParser} on the class path, e.g. {@code msgpack} (socketio-msgpack)</td></tr>
 * <tr><td>socketio.connectionStateRecovery</td><td>{@code true} to turn connection state
 *     recovery on with the reference's defaults (default false)</td></tr>
 * <tr><td>socketio.connectionStateRecovery.maxDisconnectionDuration</td><td>milliseconds
 *     (120000); setting it, or any other {@code socketio.connectionStateRecovery.*} parameter,
 *     turns recovery on unless {@code socketio.connectionStateRecovery} is {@code false}</td></tr>
 * <tr><td>socketio.connectionStateRecovery.skipMiddlewares</td><td>true (default) or
 *     false</td></tr>
 * <tr><td>socketio.connectionStateRecovery.maxPackets, .maxBytes, .maxSessions</td><td>the
 *     in-memory store's caps per namespace (10000 packets, 33554432 bytes, 100000
 *     sessions)</td></tr>
 * </table>
 *
 * <p>Stateless; called during start-up and when the context's server is created.
 */
final class ContextOptions {
    private ContextOptions() {}

    static boolean enabled(ServletContext ctx) {
        return !"false".equalsIgnoreCase(trim(ctx.getInitParameter("socketio.enabled")));
    }

    static ServerOptions read(ServletContext ctx) {
        Function<String, String> p = name -> trim(ctx.getInitParameter("socketio." + name));
        ServerOptions.Builder b = ServerOptions.builder();
        b.engine(e -> {
            set(p.apply("path"), e::path);
            setMillis(p, "pingInterval", e::pingInterval);
            setMillis(p, "pingTimeout", e::pingTimeout);
            setMillis(p, "upgradeTimeout", e::upgradeTimeout);
            setLong(p, "maxHttpBufferSize", v -> e.maxHttpBufferSize(Math.toIntExact(v)));
            String transports = p.apply("transports");
            if (transports != null) {
                List<TransportType> list = new ArrayList<>();
                for (String t : split(transports)) {
                    TransportType type = TransportType.ofWireName(t.toLowerCase(Locale.ROOT));
                    if (type == null) {
                        throw new IllegalArgumentException("socketio.transports: unknown " + t);
                    }
                    list.add(type);
                }
                e.transports(list.get(0), list.subList(1, list.size()).toArray(new TransportType[0]));
            }
            String upgrades = p.apply("allowUpgrades");
            if (upgrades != null) {
                e.allowUpgrades(Boolean.parseBoolean(upgrades));
            }
            Boolean eio3 = bool(p, "allowEIO3");
            if (eio3 != null) {
                e.allowEIO3(eio3);
            }
            String origins = p.apply("cors.origins");
            if (origins != null) {
                CorsOptions cors = CorsOptions.allow(split(origins).toArray(new String[0]));
                if (Boolean.parseBoolean(p.apply("cors.credentials"))) {
                    cors = cors.withCredentials();
                }
                e.cors(cors);
            }
            String cookie = p.apply("cookie");
            if (cookie != null) {
                CookieOptions d = CookieOptions.defaults();
                e.cookie(new CookieOptions(cookie, d.path(), d.httpOnly(), d.sameSite(), d.secure()));
            }
            e.dispatch(dispatch(p.apply("dispatch")));
        });
        setMillis(p, "connectTimeout", b::connectTimeout);
        b.connectionStateRecovery(recovery(p));
        String parser = p.apply("parser");
        if (parser != null) {
            ClassLoader loader = ctx.getClassLoader() != null ? ctx.getClassLoader()
                    : ContextOptions.class.getClassLoader();
            try {
                b.parser(SocketParser.named(parser, loader));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("socketio.parser: " + e.getMessage(), e);
            }
        }
        return b.build();
    }

    /**
     * The connection state recovery the parameters ask for, or null (off).
     *
     * @param p the {@code socketio.*} parameters by name without the prefix
     * @throws IllegalArgumentException naming the parameter, for a value that is not a boolean
     *     or not a positive number in range
     */
    static ConnectionStateRecovery recovery(Function<String, String> p) {
        String prefix = "connectionStateRecovery.";
        Boolean on = bool(p, "connectionStateRecovery");
        boolean anySetting = false;
        for (String name : RECOVERY_SETTINGS) {
            anySetting |= p.apply(prefix + name) != null;
        }
        // every value is checked, even when recovery stays off
        ConnectionStateRecovery d = ConnectionStateRecovery.defaults();
        Boolean skip = bool(p, prefix + "skipMiddlewares");
        ConnectionStateRecovery read = new ConnectionStateRecovery(
                java.time.Duration.ofMillis(positive(p, prefix + "maxDisconnectionDuration",
                        d.maxDisconnectionDuration().toMillis(), Long.MAX_VALUE)),
                skip == null ? d.skipMiddlewares() : skip,
                (int) positive(p, prefix + "maxPackets", d.maxPackets(), Integer.MAX_VALUE),
                positive(p, prefix + "maxBytes", d.maxBytes(), Long.MAX_VALUE),
                (int) positive(p, prefix + "maxSessions", d.maxSessions(), Integer.MAX_VALUE));
        // as the reference's option object: any setting turns recovery on, unless it is
        // switched off
        return Boolean.FALSE.equals(on) || (on == null && !anySetting) ? null : read;
    }

    /**
     * {@code socketio.dispatch}: {@code reading-thread-when-idle} or {@code pool} (any case;
     * see {@link CallbackDispatch}), or null (absent) for the default.
     *
     * @throws IllegalArgumentException naming the parameter, for another value
     */
    static CallbackDispatch dispatch(String value) {
        if (value == null) {
            return null;
        }
        for (CallbackDispatch d : CallbackDispatch.values()) {
            if (d.name().replace('_', '-').equalsIgnoreCase(value)) {
                return d;
            }
        }
        throw new IllegalArgumentException("socketio.dispatch: " + value
                + " is not reading-thread-when-idle or pool");
    }

    private static final List<String> RECOVERY_SETTINGS = List.of("maxDisconnectionDuration",
            "skipMiddlewares", "maxPackets", "maxBytes", "maxSessions");

    /** A {@code true} / {@code false} parameter (any case), or null when absent. */
    private static Boolean bool(Function<String, String> p, String name) {
        String value = p.apply(name);
        if (value == null) {
            return null;
        }
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("socketio." + name + " must be true or false: "
                    + value);
        }
        return Boolean.parseBoolean(value);
    }

    /** A whole number parameter from 1 to {@code max}, or {@code absent} when absent. */
    private static long positive(Function<String, String> p, String name, long absent,
            long max) {
        String value = p.apply(name);
        if (value == null) {
            return absent;
        }
        long v;
        try {
            v = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("socketio." + name + " must be a number: "
                    + value, e);
        }
        if (v < 1 || v > max) {
            throw new IllegalArgumentException("socketio." + name + " must be from 1 to " + max
                    + ": " + value);
        }
        return v;
    }

    /** The adapter the {@code socketio.adapter} parameter names (the default: memory). */
    static String adapterName(ServletContext ctx) {
        String name = trim(ctx.getInitParameter("socketio.adapter"));
        return name == null ? "memory" : name;
    }

    /**
     * Checks that the named adapter can be made, without making it: fails at deployment rather
     * than at the first request.
     *
     * @throws IllegalArgumentException when no provider has that name
     */
    static void checkAdapter(ServletContext ctx) {
        String name = adapterName(ctx);
        if (!name.equals("memory")) {
            provider(ctx, name);
        }
    }

    /**
     * A new factory for the adapter the {@code socketio.adapter} parameter names, or null for
     * the default in-memory adapter. The caller owns it (close it after the server when it is
     * {@link AutoCloseable}).
     */
    static AdapterFactory adapter(ServletContext ctx) {
        String name = adapterName(ctx);
        if (name.equals("memory")) {
            return null;
        }
        return provider(ctx, name).create(key -> trim(ctx.getInitParameter("socketio." + key)));
    }

    /**
     * Calls every {@link ServerExtension} on the class path for the context's server; adds
     * those that are {@link AutoCloseable} to {@code closeable}, for the caller to close after
     * the server (also when one of them fails).
     */
    static void extend(ServletContext ctx, io.github.socketiojakarta.server.SocketIoServer server,
            List<AutoCloseable> closeable) {
        ClassLoader loader = ctx.getClassLoader() != null ? ctx.getClassLoader()
                : ContextOptions.class.getClassLoader();
        for (ServerExtension e : ServiceLoader.load(ServerExtension.class, loader)) {
            if (e instanceof AutoCloseable c) {
                closeable.add(c); // before extend: what it opened before failing is closed
            }
            e.extend(server, key -> trim(ctx.getInitParameter("socketio." + key)));
        }
    }

    private static AdapterProvider provider(ServletContext ctx, String name) {
        ClassLoader loader = ctx.getClassLoader() != null ? ctx.getClassLoader()
                : ContextOptions.class.getClassLoader();
        TreeSet<String> known = new TreeSet<>(List.of("memory"));
        for (AdapterProvider p : ServiceLoader.load(AdapterProvider.class, loader)) {
            if (p.name().equals(name)) {
                return p;
            }
            known.add(p.name());
        }
        throw new IllegalArgumentException("socketio.adapter: no adapter named \"" + name
                + "\" on the class path (available: " + String.join(", ", known) + ")");
    }

    private static void set(String value, java.util.function.Consumer<String> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }

    private static void setMillis(Function<String, String> p, String name,
            java.util.function.Consumer<java.time.Duration> setter) {
        setLong(p, name, v -> setter.accept(java.time.Duration.ofMillis(v)));
    }

    private static void setLong(Function<String, String> p, String name,
            java.util.function.LongConsumer setter) {
        String value = p.apply(name);
        if (value != null) {
            try {
                setter.accept(Long.parseLong(value));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("socketio." + name + " must be a number: "
                        + value, e);
            }
        }
    }

    private static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        for (String part : Arrays.asList(s.split(","))) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        return out;
    }

    private static String trim(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
