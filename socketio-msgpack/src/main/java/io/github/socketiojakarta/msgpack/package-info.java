/**
 * A Socket.IO parser wire-compatible with {@code socket.io-msgpack-parser} 3.x:
 * {@link io.github.socketiojakarta.msgpack.MsgpackParser}. Depends on the server's parser SPI
 * ({@code SocketParser}) and the packets it carries only, and on {@code msgpack-core}.
 */
package io.github.socketiojakarta.msgpack;
