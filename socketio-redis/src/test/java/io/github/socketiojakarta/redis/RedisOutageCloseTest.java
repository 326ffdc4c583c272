package io.github.socketiojakarta.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.socketiojakarta.adapter.BroadcastOptions;
import io.github.socketiojakarta.adapter.OutboundPacket;
import io.github.socketiojakarta.protocol.SocketPacket;
import io.github.socketiojakarta.server.ServerOptions;
import io.github.socketiojakarta.server.SocketIoServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.DefaultClientResources;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Undeploy: closing the factory closes its connections and stops every thread it started (its
 * worker, Lettuce's event loops, event executors and timer), whether Redis is up, down or was
 * never reached; the server closing its adapters unsubscribes their channels. Leak check by
 * thread name, as the container tests do for Tomcat.
 */
class RedisOutageCloseTest {
    private RedisServerProcess redis;
    private RedisClient raw;
    private StatefulRedisConnection<String, String> rawConnection;

    @BeforeEach
    void start() throws Exception {
        redis = RedisServerProcess.start();
        // the test's own client: its threads are named "test-lettuce-..." to be told apart
        raw = RedisClient.create(DefaultClientResources.builder().threadFactoryProvider(
                pool -> new DefaultThreadFactory("test-" + pool, true)).build(), redis.uri());
        rawConnection = raw.connect();
    }

    @AfterEach
    void stop() {
        if (rawConnection != null) {
            rawConnection.close();
        }
        if (raw != null) {
            raw.shutdown();
            raw.getResources().shutdown(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3000);
        }
        if (redis != null) {
            redis.close();
        }
    }

    private static Set<Thread> threads() {
        return new HashSet<>(Thread.getAllStackTraces().keySet());
    }

    /** The live threads started since {@code before} that belong to the factory or Lettuce. */
    private static List<String> leaked(Set<Thread> before) {
        return threads().stream().filter(t -> !before.contains(t) && t.isAlive())
                .map(Thread::getName)
                .filter(n -> n.startsWith("socketio-redis") || n.startsWith("lettuce-"))
                .sorted().toList();
    }

    private static FakeNamespace namespace(RedisAdapterFactory f, String name) {
        FakeNamespace ns = new FakeNamespace(name);
        ns.adapter = f.create(ns);
        ns.adapter.init();
        return ns;
    }

    @Test
    void closingTheFactoryStopsEveryThreadItStartedAndFailsWaitingRequests() throws Exception {
        Set<Thread> before = threads();
        RedisAdapterFactory f = RedisAdapterFactory.connect(redis.uri(),
                RedisAdapterOptions.DEFAULTS.withKey("close1").withRequestsTimeout(60_000));
        FakeNamespace a = namespace(f, "/");
        FakeNamespace chat = namespace(f, "/chat");
        ((RedisAdapter) a.adapter).ready().get(10, TimeUnit.SECONDS);
        ((RedisAdapter) chat.adapter).ready().get(10, TimeUnit.SECONDS);
        FakeNamespace.Socket a1 = a.connect("a1");
        a.adapter.broadcast(OutboundPacket.encode(new SocketPacket.Event("/", List.of("x"),
                SocketPacket.NO_ACK), null), BroadcastOptions.ALL);
        assertThat(a1.events()).containsExactly("x");
        // a node that never answers: the request waits (timeout 60 s) until the factory closes
        try (var silent = raw.connectPubSub()) {
            silent.sync().subscribe("close1-request#/#");
            await().atMost(Duration.ofSeconds(10)).until(() -> a.adapter.serverCount() == 2);
            CompletableFuture<?> waiting = a.adapter.fetchSockets(BroadcastOptions.ALL);
            assertThat(leaked(before)).contains("socketio-redis")
                    .anyMatch(n -> n.startsWith("lettuce-nioEventLoop"))
                    .anyMatch(n -> n.startsWith("lettuce-timer"));

            f.close(); // the adapters were not closed by a server: the factory does it

            assertThat(leaked(before)).isEmpty();
            assertThat(waiting).isCompletedExceptionally();
            org.junit.jupiter.api.Assertions.assertThrows(CancellationException.class,
                    () -> waiting.get(1, TimeUnit.SECONDS));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> rawConnection.sync()
                .pubsubNumsub("close1-request#/#", "close1-request#/chat#").values().stream()
                .allMatch(n -> n == 0L));
        f.close(); // idempotent
    }

    @Test
    void closingWhileRedisIsDownOrNeverReachedStopsEveryThread() throws Exception {
        Set<Thread> before = threads();
        // never reached: the factory keeps retrying on its worker until closed
        RedisAdapterFactory never = RedisAdapterFactory.connect(
                "redis://127.0.0.1:" + RedisServerProcess.freePort(), RedisAdapterOptions.DEFAULTS);
        namespace(never, "/");
        // reached, then Redis dies: Lettuce keeps reconnecting until closed
        RedisAdapterFactory lost = RedisAdapterFactory.connect(redis.uri(),
                RedisAdapterOptions.DEFAULTS.withKey("close2"));
        ((RedisAdapter) namespace(lost, "/").adapter).ready().get(10, TimeUnit.SECONDS);
        rawConnection.close();
        rawConnection = null;
        redis.kill();
        await().atMost(Duration.ofSeconds(10)).until(() -> !lost.isConnected());
        assertThat(leaked(before)).isNotEmpty();

        long t0 = System.nanoTime();
        never.close();
        lost.close();

        assertThat(leaked(before)).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void theServerClosesItsAdaptersAndTheFactoryThenStopsItsThreads() throws Exception {
        Set<Thread> before = threads();
        RedisAdapterFactory f = RedisAdapterFactory.connect(redis.uri(),
                RedisAdapterOptions.DEFAULTS.withKey("close3"));
        SocketIoServer io = SocketIoServer.create(ServerOptions.builder().adapter(f)
                .engine(e -> e.maxHttpBufferSize(12_345)).build());
        RedisAdapter main = (RedisAdapter) io.sockets().adapter();
        RedisAdapter chat = (RedisAdapter) io.of("/chat").adapter();
        main.ready().get(10, TimeUnit.SECONDS);
        chat.ready().get(10, TimeUnit.SECONDS);
        assertThat(main.maxMessageBytes()).isEqualTo(12_345); // the server's option, via the SPI
        Map<String, Long> subscribed = rawConnection.sync().pubsubNumsub("close3-request#/#",
                "close3-request#/chat#");
        assertThat(subscribed.values()).containsOnly(1L);

        io.close();

        await().atMost(Duration.ofSeconds(5)).until(() -> rawConnection.sync()
                .pubsubNumsub("close3-request#/#", "close3-request#/chat#").values().stream()
                .allMatch(n -> n == 0L));
        assertThat(rawConnection.sync().pubsubNumpat()).isZero();
        assertThat(f.adapter("/")).isNull();
        assertThat(f.adapter("/chat")).isNull();
        f.close();
        assertThat(leaked(before)).isEmpty();
    }
}
