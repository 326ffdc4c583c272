/**
 * The Socket.IO v5 codec: {@link io.github.socketiojakarta.protocol.SocketPacket packets}, the
 * parser SPI ({@link io.github.socketiojakarta.protocol.SocketParser}: how packets become
 * Engine.IO messages and back; other modules bring other parsers), the default parser's
 * {@link io.github.socketiojakarta.protocol.PacketEncoder encoder} and per-connection
 * {@link io.github.socketiojakarta.protocol.PacketDecoder decoder}, and the small strict
 * {@link io.github.socketiojakarta.protocol.Json JSON} reader/writer they rest on.
 *
 * <p>Pure: no I/O, no {@code jakarta.*}, no dependency beyond the JDK (may import nothing else of
 * ours). Text frames here are the
 * Socket.IO part of an Engine.IO message packet, without its {@code 4} prefix; attachments are the
 * raw bytes of the Engine.IO binary packets that follow.
 *
 * <p>Threading: {@code Json} and {@code PacketEncoder} are stateless and thread-safe; packets,
 * limits and encoded packets are immutable; a {@code PacketDecoder} belongs to one connection and
 * is called by one thread at a time.
 */
package io.github.socketiojakarta.protocol;
