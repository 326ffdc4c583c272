/**
 * A cluster adapter over Redis pub/sub, wire-compatible with the Node.js
 * {@code @socket.io/redis-adapter} 8.3 classic adapter ({@code createAdapter}): Java and Node.js
 * nodes on one Redis form one cluster.
 *
 * <p>{@link io.github.socketiojakarta.redis.RedisAdapterFactory} is what an application installs
 * ({@code ServerOptions.builder().adapter(factory)}); it owns the Lettuce connections (one for
 * publishing, one pub/sub connection for every channel of every namespace) and the single
 * thread on which all adapter work triggered by Redis runs. {@link
 * io.github.socketiojakarta.redis.Notepack} and {@link
 * io.github.socketiojakarta.redis.ClassicMessages} are the pure codecs of the wire format.
 *
 * <p>{@link io.github.socketiojakarta.redis.ShardedRedisAdapterFactory} is the sharded adapter
 * ({@code createShardedAdapter}: Redis 7 {@code SSUBSCRIBE}/{@code SPUBLISH}, on a standalone
 * Redis or a Redis Cluster), speaking socket.io-adapter's {@code ClusterAdapter} messages
 * ({@link io.github.socketiojakarta.redis.ClusterMessages}).
 *
 * <p>{@link io.github.socketiojakarta.redis.RedisSessionStore} keeps the Admin UI's session ids
 * in Redis for a cluster ({@code socketio-admin}'s {@code SessionStore}, a {@code provided}
 * dependency: only these store classes touch it).
 */
package io.github.socketiojakarta.redis;
