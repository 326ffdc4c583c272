package io.github.socketiojakarta.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.socketiojakarta.adapter.BroadcastOptions;
import io.github.socketiojakarta.adapter.OutboundPacket;
import io.github.socketiojakarta.adapter.SocketDetails;
import io.github.socketiojakarta.protocol.SocketPacket;
import io.github.socketiojakarta.server.AckTimeoutException;
import io.github.socketiojakarta.server.ServerOptions;
import io.github.socketiojakarta.server.SocketIoServer;
import io.github.socketiojakarta.testing.LogCapture;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Redis down at start, killed (SIGKILL) or stopped (SIGTERM) and restarted on the same port, or
 * frozen (SIGSTOP), while two Java nodes run: local delivery goes on, requests made while it is
 * down fail within their timeout (never hang, never throw at the caller), both nodes reconnect
 * and subscribe every channel again (also those subscribed while it was down), and each change
 * is logged once per node.
 */
class RedisOutageTest {
    private static final long TIMEOUT = 1000;
    private final List<AutoCloseable> closing = new ArrayList<>();
    private RedisServerProcess redis;

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private RedisAdapterFactory factory(String uri) {
        RedisAdapterFactory f = RedisAdapterFactory.connect(uri,
                RedisAdapterOptions.DEFAULTS.withKey("outage").withRequestsTimeout(TIMEOUT));
        closing.add(f);
        return f;
    }

    /** A namespace of a factory, initialized (its subscription may wait for Redis). */
    private static FakeNamespace namespace(RedisAdapterFactory f, String name) {
        FakeNamespace ns = new FakeNamespace(name);
        ns.adapter = f.create(ns);
        ns.adapter.init();
        return ns;
    }

    private static RedisAdapter adapter(FakeNamespace ns) {
        return (RedisAdapter) ns.adapter;
    }

    private static OutboundPacket event(String nsp, String name) {
        return OutboundPacket.encode(new SocketPacket.Event(nsp, List.of(name),
                SocketPacket.NO_ACK), null);
    }

    private static long count(LogCapture logs, String level, String words) {
        return logs.all().lines().filter(l -> l.startsWith(level + " ") && l.contains(words))
                .count();
    }

    /** Fails at once (well within the timeout) with RedisUnavailableException. */
    private static void failsFast(CompletableFuture<?> request) {
        long t0 = System.nanoTime();
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> request.get(TIMEOUT + 2000, TimeUnit.MILLISECONDS));
        assertThat(e.getCause()).isInstanceOf(RedisUnavailableException.class)
                .hasMessageContaining("Redis is unreachable");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(TIMEOUT));
    }

    @Test
    void nodesSurviveRedisKilledAndRestartedOnTheSamePort() throws Exception {
        redis = RedisServerProcess.start();
        try (LogCapture logs = new LogCapture()) {
            RedisAdapterFactory fa = factory(redis.uri());
            RedisAdapterFactory fb = factory(redis.uri());
            FakeNamespace a = namespace(fa, "/");
            FakeNamespace b = namespace(fb, "/");
            adapter(a).ready().get(10, TimeUnit.SECONDS);
            adapter(b).ready().get(10, TimeUnit.SECONDS);
            FakeNamespace.Socket a1 = a.connect("a1");
            FakeNamespace.Socket b1 = b.connect("b1");
            await().atMost(Duration.ofSeconds(10)).until(() -> a.adapter.serverCount() == 2);
            a.adapter.broadcast(event("/", "before"), BroadcastOptions.ALL);
            await().atMost(Duration.ofSeconds(10)).until(() -> b1.events().contains("before"));

            redis.kill();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !fa.isConnected() && !fb.isConnected());
            // local delivery goes on; nothing is thrown at the caller
            a.adapter.broadcast(event("/", "while-down"), BroadcastOptions.ALL);
            assertThat(a1.events()).containsExactly("before", "while-down");
            a.adapter.addSockets(BroadcastOptions.ALL, java.util.Set.of("room"));
            assertThat(a.adapter.socketRooms("a1")).contains("room");
            // requests to the other nodes fail within their timeout, with a clear error
            failsFast(a.adapter.fetchSockets(BroadcastOptions.ALL));
            failsFast(a.adapter.serverSideEmit(List.of("ev"), true, TIMEOUT));
            failsFast(adapter(a).allRooms());
            // a local fetch still answers
            assertThat(a.adapter.fetchSockets(new BroadcastOptions(java.util.Set.of(),
                    java.util.Set.of(), false, true, true, -1)).get(1, TimeUnit.SECONDS))
                    .extracting(SocketDetails::id).containsExactly("a1");
            // namespaces created while Redis is down subscribe when it is back
            FakeNamespace aLate = namespace(fa, "/late");
            FakeNamespace bLate = namespace(fb, "/late");
            FakeNamespace.Socket bl1 = bLate.connect("bl1");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> count(logs, "WARNING", "lost the connection to Redis") == 2);

            redis.restart();
            await().atMost(Duration.ofSeconds(30)).until(() -> fa.isConnected() && fb.isConnected());
            adapter(aLate).ready().get(30, TimeUnit.SECONDS);
            adapter(bLate).ready().get(30, TimeUnit.SECONDS);
            RedisClient raw = RedisClient.create(redis.uri());
            closing.add(raw::shutdown);
            try (StatefulRedisConnection<String, String> c = raw.connect()) {
                // every channel of both nodes is subscribed again, once per node
                await().atMost(Duration.ofSeconds(10)).until(() -> c.sync().pubsubNumsub(
                        "outage-request#/#", "outage-response#/#", "outage-request#/late#",
                        "outage-response#/late#").values().stream().allMatch(n -> n == 2L));
                Map<String, Long> specific = c.sync().pubsubNumsub(
                        "outage-response#/#" + adapter(a).uid() + "#",
                        "outage-response#/late#" + adapter(bLate).uid() + "#");
                assertThat(specific.values()).containsOnly(1L);
                assertThat(c.sync().pubsubNumpat()).isEqualTo(2L); // outage#/#*, outage#/late#*
            }
            a.adapter.broadcast(event("/", "after"), BroadcastOptions.ALL);
            aLate.adapter.broadcast(event("/late", "late-after"), BroadcastOptions.ALL);
            await().atMost(Duration.ofSeconds(10)).until(() -> b1.events().contains("after"));
            await().atMost(Duration.ofSeconds(10)).until(() -> bl1.events().contains("late-after"));
            assertThat(b1.events()).containsExactly("before", "after"); // not queued while down
            assertThat(a.adapter.fetchSockets(BroadcastOptions.ALL).get(10, TimeUnit.SECONDS))
                    .extracting(SocketDetails::id).containsExactlyInAnyOrder("a1", "b1");
            assertThat(adapter(aLate).allRooms().get(10, TimeUnit.SECONDS)).contains("bl1");
            // one line per node and change, not one per message or attempt
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> count(logs, "INFO", "connected to Redis again") >= 2);
            assertThat(count(logs, "WARNING", "lost the connection to Redis"))
                    .as(logs.all()).isEqualTo(2);
            assertThat(count(logs, "INFO", "connected to Redis again"))
                    .as(logs.all()).isEqualTo(2);
            // the metrics: both connections of each node came back; requests made while
            // Redis was down failed at once and are not counted, the two after it are
            for (RedisAdapterFactory f : List.of(fa, fb)) {
                assertThat(f.metrics().reconnects()).isEqualTo(2);
            }
            assertThat(fa.metrics().requests()).isEqualTo(2);
            assertThat(fa.metrics().requestTimeouts()).isZero();
        }
    }

    @Test
    void aNodeStartsWhileRedisIsDownAndJoinsWhenItComesUp() throws Exception {
        int port = RedisServerProcess.freePort();
        org.junit.jupiter.api.Assumptions.assumeTrue(RedisServerProcess.executable() != null,
                "redis-server is not installed: skipping the tests against a real Redis");
        try (LogCapture logs = new LogCapture()) {
            RedisAdapterFactory fa = factory("redis://127.0.0.1:" + port);
            assertThat(fa.isConnected()).isFalse();
            FakeNamespace a = namespace(fa, "/");
            FakeNamespace.Socket a1 = a.connect("a1");
            a.adapter.broadcast(event("/", "alone"), BroadcastOptions.ALL);
            assertThat(a1.events()).containsExactly("alone");
            failsFast(a.adapter.fetchSockets(BroadcastOptions.ALL));
            assertThat(adapter(a).ready()).isNotDone();

            redis = RedisServerProcess.startOn(port);
            adapter(a).ready().get(30, TimeUnit.SECONDS);
            assertThat(fa.isConnected()).isTrue();
            RedisAdapterFactory fb = factory(redis.uri());
            FakeNamespace b = namespace(fb, "/");
            adapter(b).ready().get(10, TimeUnit.SECONDS);
            FakeNamespace.Socket b1 = b.connect("b1");
            a.adapter.broadcast(event("/", "from-a"), BroadcastOptions.ALL);
            b.adapter.broadcast(event("/", "from-b"), BroadcastOptions.ALL);
            await().atMost(Duration.ofSeconds(10)).until(() -> b1.events().contains("from-a"));
            await().atMost(Duration.ofSeconds(10)).until(() -> a1.events().contains("from-b"));
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> count(logs, "INFO", "connected to Redis:") >= 1);
            assertThat(count(logs, "WARNING", "cannot connect to Redis")).as(logs.all())
                    .isEqualTo(1);
            assertThat(count(logs, "INFO", "connected to Redis:")).as(logs.all()).isEqualTo(1);
        }
    }

    @Test
    void aBroadcastWithAcksMadeWhileRedisIsDownFailsAtItsTimeout() throws Exception {
        redis = RedisServerProcess.start();
        RedisAdapterFactory fa = factory(redis.uri());
        RedisAdapterFactory fb = factory(redis.uri());
        SocketIoServer io = SocketIoServer.create(ServerOptions.builder().adapter(fa).build());
        closing.add(io);
        FakeNamespace b = namespace(fb, "/");
        adapter(b).ready().get(10, TimeUnit.SECONDS);
        RedisAdapter a = (RedisAdapter) io.sockets().adapter();
        a.ready().get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> a.serverCount() == 2);
        // while up: every node answers its client count (none here), so it completes
        assertThat(io.timeout(Duration.ofMillis(TIMEOUT)).emitWithAck("ask")
                .get(10, TimeUnit.SECONDS)).isEmpty();

        redis.stop(); // SIGTERM this time: Redis closes its clients itself
        await().atMost(Duration.ofSeconds(10)).until(() -> !fa.isConnected());
        long t0 = System.nanoTime();
        CompletableFuture<?> acks = io.timeout(Duration.ofMillis(TIMEOUT)).emitWithAck("ask");
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> acks.get(TIMEOUT + 5000, TimeUnit.MILLISECONDS));
        assertThat(e.getCause()).isInstanceOf(AckTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - t0))
                .isBetween(Duration.ofMillis(TIMEOUT - 50), Duration.ofMillis(TIMEOUT + 3000));
        // and the server-side events of the server API fail at once
        ExecutionException emit = assertThrows(ExecutionException.class, () -> io
                .serverSideEmitWithAck(Duration.ofMillis(TIMEOUT), "ev").get(5, TimeUnit.SECONDS));
        assertThat(emit.getCause()).isInstanceOf(RedisUnavailableException.class);
    }

    @Test
    void aRequestMadeWhileRedisIsFrozenFailsAtItsTimeoutCountingIncluded() throws Exception {
        redis = RedisServerProcess.start();
        RedisAdapterFactory fa = factory(redis.uri());
        RedisAdapterFactory fb = factory(redis.uri());
        FakeNamespace a = namespace(fa, "/");
        FakeNamespace b = namespace(fb, "/");
        adapter(a).ready().get(10, TimeUnit.SECONDS);
        adapter(b).ready().get(10, TimeUnit.SECONDS);
        FakeNamespace.Socket a1 = a.connect("a1");
        FakeNamespace.Socket b1 = b.connect("b1");
        await().atMost(Duration.ofSeconds(10)).until(() -> a.adapter.serverCount() == 2);
        redis.pause(); // connections stay open: PUBSUB NUMSUB is never answered
        try {
            for (String what : List.of("fetchSockets", "serverSideEmit")) {
                long t0 = System.nanoTime();
                CompletableFuture<?> request = what.equals("fetchSockets")
                        ? a.adapter.fetchSockets(BroadcastOptions.ALL)
                        : a.adapter.serverSideEmit(List.of("ev"), true, TIMEOUT);
                ExecutionException e = assertThrows(ExecutionException.class,
                        () -> request.get(TIMEOUT + 5000, TimeUnit.MILLISECONDS));
                assertThat(e.getCause()).isInstanceOf(java.util.concurrent.TimeoutException.class)
                        .hasMessage("timeout reached while counting the nodes for " + what);
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(
                        Duration.ofMillis(TIMEOUT - 50), Duration.ofMillis(TIMEOUT + 2000));
            }
            a.adapter.broadcast(event("/", "frozen"), BroadcastOptions.ALL);
            assertThat(a1.events()).containsExactly("frozen");
        } finally {
            redis.resume();
        }
        a.adapter.broadcast(event("/", "thawed"), BroadcastOptions.ALL);
        await().atMost(Duration.ofSeconds(10)).until(() -> b1.events().contains("thawed"));
        assertThat(a.adapter.fetchSockets(BroadcastOptions.ALL).get(10, TimeUnit.SECONDS))
                .extracting(SocketDetails::id).containsExactlyInAnyOrder("a1", "b1");
        assertThat(fa.metrics().requests()).isEqualTo(3);
        assertThat(fa.metrics().requestTimeouts()).isEqualTo(2);
    }
}
