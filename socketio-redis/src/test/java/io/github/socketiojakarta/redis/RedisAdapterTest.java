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
import java.nio.charset.StandardCharsets;
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
 * Two (or three) Java nodes on a real Redis, each a {@link RedisAdapterFactory} with a fake
 * namespace: what crosses, on which thread, what is counted, what times out, and that bad
 * messages do not break a node. Each test uses its own key prefix.
 */
class RedisAdapterTest {
    private static RedisServerProcess redis;
    private static RedisClient raw;
    private final List<AutoCloseable> closing = new ArrayList<>();
    private String key;

    @BeforeAll
    static void redis() throws Exception {
        redis = RedisServerProcess.start();
        raw = RedisClient.create(redis.uri());
    }

    @AfterAll
    static void stopRedis() throws Exception {
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

    private void key(TestInfo info) {
        key = "t-" + info.getTestMethod().orElseThrow().getName();
    }

    /** A node: a factory with its namespace "/" subscribed. */
    private FakeNamespace node(long requestsTimeout) throws Exception {
        RedisAdapterFactory f = RedisAdapterFactory.connect(redis.uri(),
                RedisAdapterOptions.DEFAULTS.withKey(key).withRequestsTimeout(requestsTimeout));
        closing.add(f);
        FakeNamespace ns = new FakeNamespace("/");
        ns.adapter = f.create(ns);
        closing.add(ns.adapter);
        ns.adapter.init();
        ((RedisAdapter) ns.adapter).ready().get(10, TimeUnit.SECONDS);
        return ns;
    }

    private static OutboundPacket event(String name, Object... args) {
        List<Object> list = new ArrayList<>();
        list.add(name);
        list.addAll(List.of(args));
        return OutboundPacket.encode(new SocketPacket.Event("/", list, SocketPacket.NO_ACK), null);
    }

    @Test
    void broadcastsCrossOnceAndAreDeliveredOnTheWorkerThread(TestInfo info) throws Exception {
        key(info);
        FakeNamespace a = node(5000);
        FakeNamespace b = node(5000);
        FakeNamespace.Socket a1 = a.connect("a1", "r");
        FakeNamespace.Socket b1 = b.connect("b1", "r");
        FakeNamespace.Socket b2 = b.connect("b2");
        a.adapter.broadcast(event("to-r", new byte[] {1}), BroadcastOptions.rooms(Set.of("r")));
        a.adapter.broadcast(event("fence"), BroadcastOptions.ALL);
        await().atMost(Duration.ofSeconds(10)).until(() -> b2.events().contains("fence"));
        await().atMost(Duration.ofSeconds(10)).until(() -> b1.events().contains("fence"));
        assertThat(a1.events()).containsExactly("to-r", "fence"); // local, not again by echo
        assertThat(b1.events()).containsExactly("to-r", "fence");
        assertThat(b2.events()).containsExactly("fence");
        assertThat((byte[]) b1.deliveries.get(0).args().get(1)).containsExactly(1);
        assertThat(b1.deliveries).allSatisfy(d -> assertThat(d.thread()).isEqualTo("socketio-redis"));
        // relayed inside the namespace's write batch, as a listener's emits are
        assertThat(b1.deliveries).allSatisfy(d -> assertThat(d.batched()).isTrue());
    }

    @Test
    void eachNodeSubscribesTheRequestChannelOnce(TestInfo info) throws Exception {
        key(info);
        FakeNamespace a = node(5000);
        node(5000);
        try (StatefulRedisConnection<String, String> c = raw.connect()) {
            assertThat(c.sync().pubsubNumsub(key + "-request#/#")).containsEntry(key + "-request#/#", 2L);
            // both psubscribed key#/#* (Redis counts unique patterns here)
            assertThat(c.sync().pubsubNumpat()).isEqualTo(1L);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> a.adapter.serverCount() == 2);
    }

    @Test
    void requestsAreAnsweredAcrossJavaNodes(TestInfo info) throws Exception {
        key(info);
        FakeNamespace a = node(5000);
        FakeNamespace b = node(5000);
        a.connect("a1", "r");
        FakeNamespace.Socket b1 = b.connect("b1", "r");
        b.connect("b2");
        List<SocketDetails> found = a.adapter.fetchSockets(BroadcastOptions.rooms(Set.of("r")))
                .get(10, TimeUnit.SECONDS);
        assertThat(found).extracting(SocketDetails::id).containsExactlyInAnyOrder("a1", "b1");
        assertThat(a.adapter.serverSideEmit(List.of("ev", 1), true, 5000).get(10, TimeUnit.SECONDS))
                .containsExactly(List.of("ok"));
        assertThat(b.serverEvents).containsExactly(List.of("ev", 1L));
        assertThat(a.serverEvents).isEmpty(); // not to itself
        a.adapter.addSockets(BroadcastOptions.rooms(Set.of("b2")), Set.of("joined"));
        await().atMost(Duration.ofSeconds(10)).until(() -> b.adapter.socketRooms("b2").contains("joined"));
        a.adapter.disconnectSockets(BroadcastOptions.rooms(Set.of("joined")), true);
        await().atMost(Duration.ofSeconds(10)).until(() -> b.socket("b2") == null);
        assertThat(b1.disconnected).isNull();
    }

    @Test
    void broadcastsWithAcksCountAndCollectEveryNode(TestInfo info) throws Exception {
        key(info);
        FakeNamespace a = node(5000);
        FakeNamespace b = node(5000);
        a.connect("a1");
        b.connect("b1");
        b.connect("b2");
        List<Integer> counts = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Object> acks = new java.util.concurrent.CopyOnWriteArrayList<>();
        long ackId = a.nextAckId();
        OutboundPacket p = OutboundPacket.encode(
                new SocketPacket.Event("/", List.of("ask"), ackId), null);
        a.adapter.broadcastWithAck(p, ackId, new BroadcastOptions(Set.of(), Set.of(), false,
                false, true, 5000), counts::add, args -> acks.add(args.get(0)), () -> { });
        await().atMost(Duration.ofSeconds(10)).until(() -> acks.size() == 3);
        assertThat(counts).containsExactlyInAnyOrder(1, 2);
        assertThat(acks).containsExactlyInAnyOrder("a1", "b1", "b2");
    }

    @Test
    void silentNodesMakeRequestsTimeOutLikeNodeJs(TestInfo info) throws Exception {
        key(info);
        FakeNamespace a = node(300);
        node(300);
        try (StatefulRedisPubSubConnection<String, String> silent = raw.connectPubSub()) {
            silent.sync().subscribe(key + "-request#/#");
            await().atMost(Duration.ofSeconds(5)).until(() -> a.adapter.serverCount() == 3);
            ExecutionException fetch = org.junit.jupiter.api.Assertions.assertThrows(
                    ExecutionException.class, () -> a.adapter.fetchSockets(BroadcastOptions.ALL)
                            .get(10, TimeUnit.SECONDS));
            assertThat(fetch.getCause()).isInstanceOf(TimeoutException.class)
                    .hasMessage("timeout reached while waiting for fetchSockets response");
            ExecutionException emit = org.junit.jupiter.api.Assertions.assertThrows(
                    ExecutionException.class, () -> a.adapter.serverSideEmit(List.of("ev"), true,
                            -1).get(10, TimeUnit.SECONDS));
            assertThat(emit.getCause()).isInstanceOf(TimeoutException.class)
                    .hasMessage("timeout reached: only 1 responses received out of 2");
        }
    }

    @Test
    void requestsOfOlderNodeVersionsAreAnswered(TestInfo info) throws Exception {
        key(info);
        FakeNamespace b = node(5000);
        b.connect("b1", "r");
        b.connect("b2");
        java.util.concurrent.BlockingQueue<String> answers =
                new java.util.concurrent.LinkedBlockingQueue<>();
        try (StatefulRedisPubSubConnection<String, String> listen = raw.connectPubSub();
                StatefulRedisConnection<String, String> c = raw.connect()) {
            listen.addListener(new io.lettuce.core.pubsub.RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    answers.add(message);
                }
            });
            listen.sync().subscribe(key + "-response#/#");
            String requests = key + "-request#/#";
            // adapter 7.x adapter.sockets(rooms)
            c.sync().publish(requests, "{\"uid\":\"old\",\"requestId\":\"r0\",\"type\":0,"
                    + "\"rooms\":[\"r\"]}");
            assertThat(answers.poll(10, TimeUnit.SECONDS))
                    .isEqualTo("{\"requestId\":\"r0\",\"sockets\":[\"b1\"]}");
            // remoteJoin(sid, room) and remoteDisconnect(sid) of older versions: the owner answers
            c.sync().publish(requests, "{\"uid\":\"old\",\"requestId\":\"r2\",\"type\":2,"
                    + "\"sid\":\"b2\",\"room\":\"x\"}");
            assertThat(answers.poll(10, TimeUnit.SECONDS)).isEqualTo("{\"requestId\":\"r2\"}");
            assertThat(b.adapter.socketRooms("b2")).contains("x");
            c.sync().publish(requests, "{\"uid\":\"old\",\"requestId\":\"r4\",\"type\":4,"
                    + "\"sid\":\"b2\",\"close\":false}");
            assertThat(answers.poll(10, TimeUnit.SECONDS)).isEqualTo("{\"requestId\":\"r4\"}");
            assertThat(b.socket("b2")).isNull();
            // allRooms of 8.x, from a node this one does not know
            c.sync().publish(requests, "{\"uid\":\"old\",\"requestId\":\"r1\",\"type\":1}");
            assertThat(answers.poll(10, TimeUnit.SECONDS))
                    .startsWith("{\"requestId\":\"r1\",\"rooms\":[").contains("\"r\"", "\"b1\"");
        }
    }

    @Test
    void malformedMessagesAreIgnoredAndTheNodeKeepsWorking(TestInfo info) throws Exception {
        key(info);
        FakeNamespace a = node(5000);
        FakeNamespace b = node(5000);
        FakeNamespace.Socket b1 = b.connect("b1", "r");
        try (StatefulRedisConnection<String, String> c = raw.connect()) {
            for (String channel : List.of(key + "#/#", key + "#/#r#", key + "-request#/#",
                    key + "-response#/#")) {
                for (String garbage : List.of("", "{", "{\"type\":7}", "\u0093\u00a1",
                        "[1,2,3]", "{\"type\":5,\"requestId\":1}")) {
                    c.sync().publish(channel, garbage);
                }
            }
            c.sync().publish(key + "#/#", new String(new byte[] {(byte) 0x93, 1, 2, 3},
                    StandardCharsets.ISO_8859_1));
        }
        a.adapter.broadcast(event("after"), BroadcastOptions.ALL);
        await().atMost(Duration.ofSeconds(10)).until(() -> b1.events().contains("after"));
        assertThat(b1.events()).containsExactly("after");
        assertThat(a.adapter.fetchSockets(BroadcastOptions.ALL).get(10, TimeUnit.SECONDS))
                .extracting(SocketDetails::id).containsExactly("b1");
    }
}
