package io.github.socketiojakarta.admin;

import java.util.function.Function;

/**
 * Makes a {@link SessionStore} from named settings, so that a deployment picks the admin
 * namespace's session store without code: the context parameter {@code socketio.admin.store}
 * names it ({@code memory}, the default, needs no provider). {@link AdminExtension} finds
 * providers with {@link java.util.ServiceLoader} (a
 * {@code META-INF/services/io.github.socketiojakarta.admin.SessionStoreProvider} entry in the
 * store's jar; {@code socketio-redis} registers {@code redis}); their settings are the other
 * {@code socketio.*} context parameters, asked for without the {@code socketio.} prefix (e.g.
 * {@code redis.url}).
 *
 * <p>Implementations need a public no-argument constructor and must be thread-safe. When the
 * store {@link #create} returns is {@link AutoCloseable}, it is closed once the server it serves
 * has stopped, so the store may own connections.
 */
public interface SessionStoreProvider {

    /** The name the {@code socketio.admin.store} parameter uses, e.g. {@code redis}. */
    String name();

    /**
     * A new store configured by {@code settings}.
     *
     * @param settings the value of a setting by its name (e.g. {@code redis.url}), or
     *     {@code null} when it is not set
     * @throws IllegalArgumentException when a setting is malformed
     */
    SessionStore create(Function<String, String> settings);
}
