package io.github.socketiojakarta.bootstrap;

import io.github.socketiojakarta.server.SocketIoServer;
import java.util.function.Function;

/**
 * Adds a feature to the context's server without code (an instrumentation such as the Admin UI
 * module), configured by context parameters. The bootstrap finds extensions with
 * {@link java.util.ServiceLoader} (a {@code META-INF/services/io.github.socketiojakarta.bootstrap.ServerExtension}
 * entry in the extension's jar) and calls each one once for the context's server: when the
 * bootstrap creates it from the context's parameters or an integration's options, or when the
 * application {@linkplain SocketIo#install installs} its own and it becomes the context's server.
 *
 * <p>An extension reads its own settings and does nothing when none is set. Implementations
 * need a public no-argument constructor; the bootstrap makes a new instance for each server.
 * An extension that opens resources for the server (connections) implements
 * {@link AutoCloseable}: the bootstrap closes it after the server, when the web application
 * stops (or when extending the server failed).
 */
public interface ServerExtension {

    /**
     * Extends the context's server, before any client connects to it.
     *
     * @param server the server
     * @param settings the value of a context parameter by its name without the {@code socketio.}
     *     prefix (e.g. {@code admin.username}), or {@code null} when it is not set
     * @throws IllegalArgumentException when a setting is malformed (the server is not used)
     */
    void extend(SocketIoServer server, Function<String, String> settings);
}
