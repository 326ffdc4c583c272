/**
 * The Socket.IO v5 server: {@link io.github.socketiojakarta.server.SocketIoServer} (the entry
 * point and its {@link io.github.socketiojakarta.server.ServerOptions options}), one {@code
 * Client} per Engine.IO session (decodes Socket.IO packets and routes them by namespace),
 * {@link io.github.socketiojakarta.server.Namespace namespaces} and their middlewares, {@link
 * io.github.socketiojakarta.server.Socket sockets}, events and acks, the immutable {@link
 * io.github.socketiojakarta.server.BroadcastOperator} and the {@link
 * io.github.socketiojakarta.server.DisconnectReason disconnect reasons}.
 *
 * <p>May import: {@code engine} (through {@code EngineListener}, {@code EngineServer} and the
 * options), {@code protocol}, the {@code adapter} SPI and {@code json} (argument mapping). Knows
 * nothing of the container: no {@code container}, {@code bootstrap}, {@code jakarta.servlet} or
 * {@code jakarta.websocket}; {@code bootstrap} mounts a server in a web application.
 */
package io.github.socketiojakarta.server;
