package io.github.socketiojakarta.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.socketiojakarta.redis.RedisAdapterFactory;
import io.github.socketiojakarta.redis.RedisAdapterOptions;
import io.github.socketiojakarta.redis.RedisServerProcess;
import io.github.socketiojakarta.server.ServerOptions;
import io.github.socketiojakarta.server.SocketIoServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.socket.client.IO;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code cluster-war} (the Redis adapter chosen and configured by context parameters only, its
 * Redis URL given to the container JVM as the system property {@code socketio.redis.url}) on a
 * real container and a real {@code redis-server} on a free port: while deployed, a broadcast
 * crosses Redis both ways between the WAR and a second node in the test JVM; once undeployed,
 * no thread of ours (the server's {@code socketio-*}, the adapter's worker, Lettuce's and
 * Netty's) is left in the container, the container reports no leak, and Redis has the WAR's
 * connections closed and its channels unsubscribed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RedisWarIT {
    static final String PROBE = ChatWarIT.PROBE;
    /** The WAR's {@code socketio.redis.prefix}. */
    static final String KEY = "cluster-war";
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private RedisServerProcess redis;
    private RedisClient raw;
    private StatefulRedisConnection<String, String> admin;
    private Container container;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    /** A new (not started) container, its run directory named after the test. */
    abstract Container newContainer();

    @BeforeAll
    void startRedisAndTheContainer() throws Exception {
        redis = RedisServerProcess.start();
        raw = RedisClient.create(redis.uri());
        admin = raw.connect();
        container = newContainer().withSystemProperty("socketio.redis.url", redis.uri());
        container.start();
    }

    @AfterAll
    void stopAll() throws Exception {
        try {
            closeAll();
        } finally {
            try {
                if (container != null) {
                    container.close();
                }
            } finally {
                try {
                    if (admin != null) {
                        admin.close();
                    }
                    if (raw != null) {
                        raw.shutdown(0, 2, TimeUnit.SECONDS);
                    }
                } finally {
                    if (redis != null) {
                        redis.close();
                    }
                }
            }
        }
    }

    private void closeAll() throws Exception {
        Exception first = null;
        for (int i = toClose.size() - 1; i >= 0; i--) {
            try {
                toClose.get(i).close();
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        toClose.clear();
        if (first != null) {
            throw first;
        }
    }

    @Test
    void undeployingClosesEveryRedisConnectionAndThread() throws Exception {
        assertThat(ours()).as("threads of ours before the deployment").isEmpty();
        int before = clients();

        container.deploy(ConformanceWarIT.war("cluster-war.war"), PROBE);
        await("the WAR subscribed").atMost(TIMEOUT)
                .until(() -> numsub(KEY + "-request#/#") == 1 && numpat() == 1);
        int war = clients() - before;
        assertThat(war).as("the WAR's Redis connections (publish, subscribe)").isEqualTo(2);
        List<String> threadsDeployed = ours();
        assertThat(threadsDeployed).as("our threads while deployed")
                .anyMatch(n -> n.equals("socketio-redis"))
                .anyMatch(n -> n.startsWith("lettuce-"));

        // a second node in this JVM, a raw subscriber and a client of the WAR
        RedisAdapterFactory javaAdapter = RedisAdapterFactory.connect(redis.uri(),
                RedisAdapterOptions.DEFAULTS.withKey(KEY));
        toClose.add(javaAdapter);
        SocketIoServer javaNode = SocketIoServer.create(ServerOptions.builder()
                .adapter(javaAdapter).build());
        toClose.add(javaNode::close);
        BlockingQueue<byte[]> published = new LinkedBlockingQueue<>();
        StatefulRedisPubSubConnection<byte[], byte[]> spy = raw.connectPubSub(ByteArrayCodec.INSTANCE);
        toClose.add(spy);
        spy.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(byte[] pattern, byte[] channel, byte[] message) {
                published.add(message);
            }
        });
        spy.sync().psubscribe((KEY + "#/#*").getBytes(StandardCharsets.UTF_8));
        await("the second node subscribed").atMost(TIMEOUT)
                .until(() -> numsub(KEY + "-request#/#") == 2);
        Client client = new Client(container.url());
        toClose.add(client);
        client.connected.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

        // from the WAR: its broadcast reaches its client and is published on Redis
        client.socket.emit("shout", "from the client");
        assertThat(client.next()).containsExactly("shouted", "from the client");
        byte[] message = published.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(message).as("the WAR's broadcast on Redis").isNotNull();
        assertThat(new String(message, StandardCharsets.ISO_8859_1))
                .contains("shouted").contains("from the client");
        // to the WAR: the second node's broadcast reaches the WAR's client
        javaNode.broadcast().emit("shouted", "from the test JVM");
        assertThat(client.next()).containsExactly("shouted", "from the test JVM");

        closeAll();
        await("only the WAR's connections left").atMost(TIMEOUT)
                .until(() -> clients() == before + war);

        container.undeploy(PROBE);
        await("our threads end").atMost(TIMEOUT).pollInterval(Duration.ofMillis(250))
                .until(() -> ours().isEmpty());
        await("the WAR's connections closed").atMost(TIMEOUT).until(() -> clients() == before);
        assertThat(numsub(KEY + "-request#/#")).as("request channel subscribers").isZero();
        assertThat(numsub(KEY + "-response#/#")).as("response channel subscribers").isZero();
        assertThat(numpat()).as("pattern subscriptions").isZero();
        assertThat(container.leakWarnings()).as("leak warnings of the container").isEmpty();
        assertThat(container.console()).as("the adapter's close")
                .doesNotContain("closing the adapter of the Socket.IO server failed");
    }

    /** The connections Redis has open now (CLIENT LIST), the test's own admin one included. */
    private int clients() {
        return (int) admin.sync().clientList().lines().filter(l -> !l.isBlank()).count();
    }

    private long numsub(String channel) {
        return admin.sync().pubsubNumsub(channel).getOrDefault(channel, 0L);
    }

    private long numpat() {
        return admin.sync().pubsubNumpat();
    }

    /**
     * The live threads in the container that the WAR starts: the server's {@code socketio-*},
     * Lettuce's {@code lettuce-*} event loops and timer, and Netty's own threads
     * ({@code globalEventExecutor}, {@code ObjectCleanerThread}, default event loops), which a
     * container that does not use Netty itself has none of before the deployment.
     */
    List<String> ours() {
        try {
            return container.threadNames().stream()
                    .filter(n -> n.startsWith("socketio-") || n.startsWith("lettuce-")
                            || n.startsWith("globalEventExecutor")
                            || n.startsWith("ObjectCleaner")
                            || n.startsWith("nioEventLoop") || n.startsWith("epollEventLoop"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A Java socket.io-client on WebSocket, recording each {@code shouted} it gets. */
    private static final class Client implements AutoCloseable {
        final OkHttpClient http = new OkHttpClient.Builder()
                .readTimeout(1, TimeUnit.MINUTES).build();
        final io.socket.client.Socket socket;
        final CompletableFuture<Void> connected = new CompletableFuture<>();
        final BlockingQueue<List<Object>> events = new LinkedBlockingQueue<>();

        Client(String url) {
            IO.Options options = new IO.Options();
            options.forceNew = true;
            options.reconnection = false;
            options.transports = new String[] {"websocket"};
            options.callFactory = http;
            options.webSocketFactory = http;
            socket = IO.socket(URI.create(url), options);
            socket.on(io.socket.client.Socket.EVENT_CONNECT, args -> connected.complete(null));
            socket.on(io.socket.client.Socket.EVENT_CONNECT_ERROR, args -> connected
                    .completeExceptionally(new AssertionError("connect_error " + List.of(args))));
            socket.on("shouted", args -> {
                List<Object> e = new ArrayList<>();
                e.add("shouted");
                e.addAll(List.of(args));
                events.add(e);
            });
            socket.connect();
        }

        List<Object> next() throws InterruptedException {
            List<Object> e = events.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(e).as("a shouted event within " + TIMEOUT).isNotNull();
            return e;
        }

        @Override
        public void close() {
            socket.close();
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }
}
