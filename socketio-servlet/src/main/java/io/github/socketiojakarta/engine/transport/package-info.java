/**
 * What a container binding implements for the engine: a pending polling request
 * ({@link io.github.socketiojakarta.engine.transport.PollExchange}) and a WebSocket connection
 * ({@link io.github.socketiojakarta.engine.transport.WebSocketChannel}). No container types here.
 *
 * <p>May import: {@code engine} and {@code engine.codec}, and the JDK. No Socket.IO, no
 * {@code jakarta.*}: the container bindings implement these interfaces, not the other way round.
 */
package io.github.socketiojakarta.engine.transport;
