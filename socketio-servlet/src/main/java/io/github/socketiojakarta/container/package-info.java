/**
 * The container bindings: the only package (with {@code container.tomcat}) that touches Servlet
 * and WebSocket types. One servlet per server serves long-polling with async, non-blocking I/O
 * and upgrades to JSR-356 WebSocket after the Engine.IO checks;
 * {@link io.github.socketiojakarta.container.SocketIoInitializer} mounts a server in any
 * Servlet 6 container with no code.
 *
 * <p>The bindings meet the engine at {@link io.github.socketiojakarta.engine.binding}: the
 * servlet drives a session's {@code PollingLink} with its {@code PollExchange}s, the endpoint
 * reports to a {@code WebSocketLink} and writes through a {@code WebSocketChannel}: the plain
 * JSR-356 one here, frame by frame, or Tomcat's batched one from {@code container.tomcat}.
 *
 * <p>May import: {@code jakarta.servlet}, {@code jakarta.websocket}, {@code engine} (the server,
 * options and the values a binding passes), {@code engine.binding}, {@code engine.codec},
 * {@code container.tomcat}; and, for the classes that mount a whole Socket.IO server
 * ({@code SocketIo}, {@code SocketIoInitializer}, {@code ContextOptions}), {@code server}.
 */
package io.github.socketiojakarta.container;
