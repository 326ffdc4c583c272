package io.github.socketiojakarta.adapter;

import java.util.function.Function;

/**
 * Makes an {@link AdapterFactory} from named settings, so that a deployment picks its cluster
 * adapter without code. The bootstrap finds providers with {@link java.util.ServiceLoader}
 * (a {@code META-INF/services/io.github.socketiojakarta.adapter.AdapterProvider} entry in the
 * adapter's jar) and uses the one whose {@link #name()} the context parameter
 * {@code socketio.adapter} gives; its settings are the other {@code socketio.*} context
 * parameters, asked for without the {@code socketio.} prefix (e.g. {@code redis.url}).
 *
 * <p>Implementations need a public no-argument constructor and must be thread-safe; the
 * bootstrap calls {@link #create} once per server, when the server is created. When the factory
 * it returns is {@link AutoCloseable}, the bootstrap closes it after the server it serves (when
 * the web application stops), so the factory may own connections.
 */
public interface AdapterProvider {

    /** The name the {@code socketio.adapter} parameter uses, e.g. {@code redis}. */
    String name();

    /**
     * A new factory configured by {@code settings}.
     *
     * @param settings the value of a setting by its name (e.g. {@code redis.url}), or
     *     {@code null} when it is not set
     * @throws IllegalArgumentException when a setting is malformed
     * @throws RuntimeException when the factory cannot start (e.g. the server is unreachable)
     */
    AdapterFactory create(Function<String, String> settings);
}
