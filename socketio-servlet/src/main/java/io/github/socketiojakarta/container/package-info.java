/**
 * Binds the Engine.IO core to the servlet container: one servlet per engine serves long-polling
 * with async, non-blocking I/O and upgrades to WebSocket after the Engine.IO checks: through the
 * servlet's HTTP upgrade to the library's own WebSocket ({@code container.upgrade}, the default
 * on Tomcat) or through JSR-356 (elsewhere), as the context parameter or system property
 * {@code socketio.websocket} ({@code servlet} or {@code jsr356}) chooses.
 * {@link io.github.socketiojakarta.container.EngineBinding} is the public entry point; everything
 * else here is package-private.
 *
 * <p>The bindings meet the engine at {@link io.github.socketiojakarta.engine.binding}: the
 * servlet drives a session's {@code PollingLink} with its {@code PollExchange}s, the endpoint
 * reports to a {@code WebSocketLink} and writes through a {@code WebSocketChannel}: the plain
 * JSR-356 one here, frame by frame, Tomcat's batched one from {@code container.tomcat}, or the
 * servlet upgrade's own from {@code container.upgrade}.
 *
 * <p>May import: {@code engine} (the server, options and the values a binding passes),
 * {@code engine.binding}, {@code engine.codec}, {@code container.tomcat},
 * {@code container.upgrade}, {@code jakarta.servlet}
 * and {@code jakarta.websocket}. Knows nothing of Socket.IO: no {@code protocol}, {@code server},
 * {@code adapter}, {@code json} or {@code bootstrap}; mounting a Socket.IO server is the job of
 * {@code io.github.socketiojakarta.bootstrap}. Together with the bootstrap, the only package
 * that touches Servlet and WebSocket types.
 */
package io.github.socketiojakarta.container;
