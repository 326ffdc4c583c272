/**
 * WebSocket without JSR-356: the servlet's HTTP upgrade
 * ({@code HttpServletRequest.upgrade}) to a connection of our own, which speaks RFC 6455 with
 * the pure codec of {@code engine.codec.websocket} over the upgraded connection's non-blocking
 * streams. No JSR-356 session, remote endpoint or container buffer exists per connection: what
 * an idle connection holds besides the container's socket is a handler, a writer and a parser of
 * a few fields each ({@code socketio.websocket=servlet}, the default on Tomcat; see
 * {@link io.github.socketiojakarta.container.upgrade.WebSocketUpgrade}).
 *
 * <ul>
 *   <li>{@link io.github.socketiojakarta.container.upgrade.WebSocketUpgrade}: checks the
 *       handshake's WebSocket headers (after the Engine.IO checks), answers 101 and upgrades;
 *       owns the timer that bounds how long a closing connection waits.</li>
 *   <li>{@link io.github.socketiojakarta.container.upgrade.UpgradeHandler}: one connection's
 *       reading side (a {@code ReadListener}) and life cycle, the engine's link.</li>
 *   <li>{@code FrameWriter}: the connection as the engine's {@code WebSocketChannel}, written
 *       without blocking (a {@code WriteListener}).</li>
 * </ul>
 *
 * <p>May import: {@code engine} (the server and the request view), {@code engine.binding},
 * {@code engine.codec}, {@code engine.codec.websocket} and {@code jakarta.servlet}. Not
 * {@code jakarta.websocket}, nothing of the Socket.IO layer.
 */
package io.github.socketiojakarta.container.upgrade;
