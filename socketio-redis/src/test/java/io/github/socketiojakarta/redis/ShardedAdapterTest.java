package io.github.socketiojakarta.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.socketiojakarta.adapter.BroadcastOptions;
import io.github.socketiojakarta.adapter.OutboundPacket;
import io.github.socketiojakarta.adapter.SocketDetails;
import io.github.socketiojakarta.protocol.SocketPacket;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Java nodes of the sharded adapter on a real Redis 7, each a {@link ShardedRedisAdapterFactory}
 * with a fake namespace: the room channels follow quick joins and leaves, broadcasts are
 * delivered on the worker thread, requests time out when a counted subscriber does not answer,
 * and bad messages do not break a node. Each test uses its own channel prefix.
 */
class ShardedAdapterTest {
    private static final String SID_A = "aaaaaaaaaaaaaaaaaaaa";
    private static final String SID_B = "bbbbbbbbbbbbbbbbbbbb";
    private static RedisServerProcess redis;
    private static RedisClient raw;
    private final List<AutoCloseable> closing = new ArrayList<>();
    private String prefix;

    @BeforeAll
    static void redis() throws Exception {
        redis = RedisServerProcess.start();
        raw = RedisClient.create(redis.uri());
    }

    @AfterAll
    static void stopRedis() {
        if (raw != null) {
            raw.shutdown();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @AfterEach
    void closeNodes() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    /** The factory of the last node made. */
    private ShardedRedisAdapterFactory lastFactory;

    private FakeNamespace node(TestInfo info, SubscriptionMode mode) throws Exception {
        prefix = "t-" + info.getTestMethod().orElseThrow().getName();
        ShardedRedisAdapterFactory f = ShardedRedisAdapterFactory.connect(redis.uri(),
                new ShardedAdapterOptions(prefix, mode));
        closing.add(f);
        lastFactory = f;
        FakeNamespace ns = new FakeNamespace("/");
        ns.adapter = f.create(ns);
        closing.add(ns.adapter);
        ns.adapter.init();
        ((ShardedRedisAdapter) ns.adapter).ready().get(10, TimeUnit.SECONDS);
        return ns;
    }

    private static long numsub(String channel) {
        try (StatefulRedisConnection<String, String> c = raw.connect()) {
            return c.sync().pubsubShardNumsub(channel).getOrDefault(channel, 0L);
        }
    }

    private static OutboundPacket event(String name, Object... args) {
        List<Object> list = new ArrayList<>(List.of(name));
        list.addAll(List.of(args));
        return OutboundPacket.encode(new SocketPacket.Event("/", list, SocketPacket.NO_ACK), null);
    }

    @Test
    void roomChannelsFollowQuickJoinsAndLeaves(TestInfo info) throws Exception {
        FakeNamespace a = node(info, SubscriptionMode.DYNAMIC);
        a.connect(SID_A);
        for (int i = 0; i < 50; i++) {
            a.adapter.addAll(SID_A, Set.of("r"));
            a.adapter.del(SID_A, "r");
        }
        a.adapter.addAll(SID_A, Set.of("kept"));
        String kept = prefix + "#/#kept#";
        await().atMost(Duration.ofSeconds(10)).until(() -> numsub(kept) == 1);
        assertThat(numsub(prefix + "#/#r#")).isZero();
        assertThat(numsub(prefix + "#/#" + SID_A + "#")).isZero(); // a socket id: no channel
        assertThat(numsub(prefix + "#/#")).isEqualTo(1);
        a.socket(SID_A).disconnect(false);
        await().atMost(Duration.ofSeconds(10)).until(() -> numsub(kept) == 0);
    }

    @Test
    void dynamicPrivateGivesSocketIdRoomsTheirChannels(TestInfo info) throws Exception {
        FakeNamespace a = node(info, SubscriptionMode.DYNAMIC_PRIVATE);
        a.connect(SID_A, "r");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> numsub(prefix + "#/#" + SID_A + "#") == 1);
        assertThat(numsub(prefix + "#/#r#")).isEqualTo(1);
    }

    @Test
    void broadcastsCrossOnceOnTheWorkerThread(TestInfo info) throws Exception {
        FakeNamespace a = node(info, SubscriptionMode.DYNAMIC);
        FakeNamespace b = node(info, SubscriptionMode.DYNAMIC);
        FakeNamespace.Socket a1 = a.connect(SID_A, "r");
        FakeNamespace.Socket b1 = b.connect(SID_B, "r");
        await().atMost(Duration.ofSeconds(10)).until(() -> numsub(prefix + "#/#r#") == 2);
        a.adapter.broadcast(event("to-r", new byte[] {1}), BroadcastOptions.rooms(Set.of("r")));
        a.adapter.broadcast(event("to-b", 2), BroadcastOptions.rooms(Set.of(SID_B)));
        a.adapter.broadcast(event("fence"), BroadcastOptions.ALL);
        await().atMost(Duration.ofSeconds(10)).until(() -> b1.events().contains("fence"));
        assertThat(a1.events()).containsExactly("to-r", "fence"); // local, not again by echo
        assertThat(b1.events()).containsExactly("to-r", "to-b", "fence");
        assertThat((byte[]) b1.deliveries.get(0).args().get(1)).containsExactly(1);
        assertThat(b1.deliveries).allSatisfy(d ->
                assertThat(d.thread()).isEqualTo("socketio-redis-sharded"));
        // relayed inside the namespace's write batch, as a listener's emits are
        assertThat(b1.deliveries).allSatisfy(d -> assertThat(d.batched()).isTrue());
        List<SocketDetails> found = a.adapter.fetchSockets(BroadcastOptions.rooms(Set.of("r")))
                .get(10, TimeUnit.SECONDS);
        assertThat(found).extracting(SocketDetails::id).containsExactlyInAnyOrder(SID_A, SID_B);
    }

    @Test
    void requestsTimeOutWhenACountedSubscriberDoesNotAnswer(TestInfo info) throws Exception {
        FakeNamespace a = node(info, SubscriptionMode.DYNAMIC);
        try (StatefulRedisPubSubConnection<String, String> silent = raw.connectPubSub()) {
            silent.sync().ssubscribe(prefix + "#/#");
            BroadcastOptions within300ms = new BroadcastOptions(Set.of(), Set.of(), false, false,
                    true, 300);
            assertThat(failure(a.adapter.fetchSockets(within300ms)))
                    .isInstanceOf(TimeoutException.class)
                    .hasMessage("timeout reached: only 0 responses received out of 1");
            assertThat(failure(a.adapter.serverSideEmit(List.of("ev"), true, 300)))
                    .isInstanceOf(TimeoutException.class)
                    .hasMessage("timeout reached: only 0 responses received out of 1");
        }
        assertThat(lastFactory.metrics().requests()).isEqualTo(2);
        assertThat(lastFactory.metrics().requestTimeouts()).isEqualTo(2);
        assertThat(lastFactory.metrics().reconnects()).isZero();
    }

    private static Throwable failure(java.util.concurrent.CompletableFuture<?> f)
            throws Exception {
        try {
            f.get(10, TimeUnit.SECONDS);
            throw new AssertionError("completed: " + f.join());
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    @Test
    void badMessagesAreIgnored(TestInfo info) throws Exception {
        FakeNamespace a = node(info, SubscriptionMode.STATIC);
        FakeNamespace b = node(info, SubscriptionMode.STATIC);
        FakeNamespace.Socket b1 = b.connect(SID_B);
        try (StatefulRedisConnection<String, String> c = raw.connect()) {
            for (String bad : List.of("{", "{\"type\":3}", "{\"type\":3,\"uid\":\"x\",\"nsp\":"
                    + "\"/\",\"data\":{\"packet\":{\"data\":[]}}}", "\u00c1", "[]")) {
                c.sync().spublish(prefix + "#/#", bad);
            }
        }
        spublish(prefix + "#/#", new byte[] {(byte) 0x93, 1}); // truncated notepack
        a.adapter.broadcast(event("after"), BroadcastOptions.ALL);
        await().atMost(Duration.ofSeconds(10)).until(() -> b1.events().contains("after"));
        assertThat(b1.events()).containsExactly("after");
    }

    private static void spublish(String channel, byte[] message) {
        try (StatefulRedisConnection<String, byte[]> c = raw.connect(RedisAdapterFactory.CODEC)) {
            c.sync().spublish(channel, message);
        }
    }
}
