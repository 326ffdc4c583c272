/**
 * A web application on the Redis adapter, configured by context parameters only, for the
 * container tests ({@code RedisWarIT}): {@link io.github.socketiojakarta.clusterwar.RelayListener}
 * relays each client's {@code shout} to the whole cluster.
 */
package io.github.socketiojakarta.clusterwar;
