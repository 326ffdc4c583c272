/**
 * The adapter SPI: rooms and broadcasts of a namespace, with plain-data options so that a cluster
 * adapter can carry them between nodes. {@link io.github.socketiojakarta.adapter.InMemoryAdapter}
 * is the default, for a single node. The adapter sees the server only through
 * {@link io.github.socketiojakarta.adapter.NamespaceHandle} and
 * {@link io.github.socketiojakarta.adapter.LocalSocket}.
 */
package io.github.socketiojakarta.adapter;
