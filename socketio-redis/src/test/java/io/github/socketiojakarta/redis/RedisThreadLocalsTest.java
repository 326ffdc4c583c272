package io.github.socketiojakarta.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.socketiojakarta.adapter.BroadcastOptions;
import io.github.socketiojakarta.adapter.OutboundPacket;
import io.github.socketiojakarta.protocol.SocketPacket;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.netty.util.internal.InternalThreadLocalMap;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A thread the adapter does not own (here the test's, in a container a request thread or the
 * one that deploys and undeploys the application) keeps no Netty thread-local map after it
 * connected, subscribed, published, counted and closed through the adapter: Tomcat reports such
 * a map as a leak at undeployment ({@code TomcatRedisIT}). A plain Lettuce publish on the same
 * thread does leave one, which shows that the check sees what it looks for. The same for the
 * sharded adapter.
 */
class RedisThreadLocalsTest {

    @Test
    void noNettyThreadLocalIsLeftOnTheCallersThread() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            InternalThreadLocalMap.remove();
            RedisAdapterFactory factory = RedisAdapterFactory.connect(redis.uri(),
                    RedisAdapterOptions.DEFAULTS.withKey("thread-locals"));
            try {
                assertThat(InternalThreadLocalMap.getIfSet()).as("after connect").isNull();
                FakeNamespace ns = new FakeNamespace("/");
                ns.adapter = factory.create(ns);
                ns.adapter.init();
                ((RedisAdapter) ns.adapter).ready().get(10, TimeUnit.SECONDS);
                assertThat(InternalThreadLocalMap.getIfSet()).as("after subscribing").isNull();
                for (int i = 0; i < 10; i++) {
                    ns.adapter.broadcast(event("e", i), BroadcastOptions.ALL);
                }
                assertThat(InternalThreadLocalMap.getIfSet()).as("after publishing").isNull();
                assertThat(ns.adapter.serverCount()).isEqualTo(1);
                assertThat(InternalThreadLocalMap.getIfSet()).as("after counting").isNull();
                ns.adapter.close();
                assertThat(InternalThreadLocalMap.getIfSet()).as("after unsubscribing").isNull();
            } finally {
                factory.close();
            }
            assertThat(InternalThreadLocalMap.getIfSet()).as("after close").isNull();

            RedisClient raw = RedisClient.create(redis.uri());
            try (StatefulRedisConnection<String, String> c = raw.connect()) {
                c.async().publish("thread-locals-control", "x").get(10, TimeUnit.SECONDS);
                assertThat(InternalThreadLocalMap.getIfSet())
                        .as("a plain Lettuce publish from this thread").isNotNull();
            } finally {
                InternalThreadLocalMap.remove();
                raw.shutdown(0, 2, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void noNettyThreadLocalIsLeftOnTheCallersThreadByTheShardedAdapter() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            InternalThreadLocalMap.remove();
            ShardedRedisAdapterFactory factory = ShardedRedisAdapterFactory.connect(redis.uri(),
                    ShardedAdapterOptions.DEFAULTS.withChannelPrefix("thread-locals"));
            try {
                assertThat(InternalThreadLocalMap.getIfSet()).as("after connect").isNull();
                FakeNamespace ns = new FakeNamespace("/");
                ns.adapter = factory.create(ns);
                ns.adapter.init();
                ((ShardedRedisAdapter) ns.adapter).ready().get(10, TimeUnit.SECONDS);
                assertThat(InternalThreadLocalMap.getIfSet()).as("after subscribing").isNull();
                for (int i = 0; i < 10; i++) {
                    ns.adapter.broadcast(event("e", i), BroadcastOptions.ALL);
                }
                assertThat(InternalThreadLocalMap.getIfSet()).as("after publishing").isNull();
                ns.adapter.serverCount();
                assertThat(InternalThreadLocalMap.getIfSet()).as("after counting").isNull();
                ns.adapter.close();
                assertThat(InternalThreadLocalMap.getIfSet()).as("after unsubscribing").isNull();
            } finally {
                factory.close();
            }
            assertThat(InternalThreadLocalMap.getIfSet()).as("after close").isNull();
        }
    }

    private static OutboundPacket event(String name, Object... args) {
        List<Object> list = new ArrayList<>();
        list.add(name);
        list.addAll(List.of(args));
        return OutboundPacket.encode(new SocketPacket.Event("/", list, SocketPacket.NO_ACK), null);
    }
}
