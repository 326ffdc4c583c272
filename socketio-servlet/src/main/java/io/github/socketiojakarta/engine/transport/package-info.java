/**
 * What a container binding implements for the engine: a pending polling request
 * ({@link io.github.socketiojakarta.engine.transport.PollExchange}) and a WebSocket connection
 * ({@link io.github.socketiojakarta.engine.transport.WebSocketChannel}). No container types here.
 */
package io.github.socketiojakarta.engine.transport;
