/**
 * The adapter SPI: rooms and broadcasts of a namespace, with plain-data options so that a cluster
 * adapter can carry them between nodes. {@link io.github.socketiojakarta.adapter.InMemoryAdapter}
 * is the default, for a single node. The adapter sees the server only through
 * {@link io.github.socketiojakarta.adapter.NamespaceHandle} and
 * {@link io.github.socketiojakarta.adapter.LocalSocket}.
 *
 * <p>May import: {@code protocol} (the packets a broadcast carries) and {@code engine.codec} (the
 * Engine.IO frames {@link io.github.socketiojakarta.adapter.OutboundPacket} encodes once), and the
 * JDK. Never the server's internals ({@code server}, the {@code engine} core), nor the container
 * or {@code jakarta.*}.
 */
package io.github.socketiojakarta.adapter;
