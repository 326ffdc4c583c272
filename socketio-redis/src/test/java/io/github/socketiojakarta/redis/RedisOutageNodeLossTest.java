package io.github.socketiojakarta.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.socketiojakarta.adapter.BroadcastOptions;
import io.github.socketiojakarta.adapter.SocketDetails;
import io.github.socketiojakarta.testing.NodeScript;
import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node that leaves the cluster in the middle of a request (its process killed, its Redis
 * connection gone) was counted by {@code PUBSUB NUMSUB} when the request was sent: the request
 * ends at its timeout with the Node.js adapter's error (and, for server-side events, the
 * answers received), never later; the next request counts the nodes left and completes at
 * once. The leaving node is a Java node whose client is shut down abruptly, a bare subscriber
 * whose connection closes, and a Node.js node killed with SIGKILL.
 */
class RedisOutageNodeLossTest {
    private static final long TIMEOUT = 1500;
    private static RedisServerProcess redis;
    private final List<AutoCloseable> closing = new ArrayList<>();
    private String key;

    @BeforeAll
    static void redis() throws Exception {
        redis = RedisServerProcess.start();
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private FakeNamespace node(RedisAdapterFactory f) throws Exception {
        closing.add(f);
        FakeNamespace ns = new FakeNamespace("/");
        ns.adapter = f.create(ns);
        closing.add(ns.adapter);
        ns.adapter.init();
        ((RedisAdapter) ns.adapter).ready().get(10, TimeUnit.SECONDS);
        return ns;
    }

    private RedisAdapterOptions options() {
        return RedisAdapterOptions.DEFAULTS.withKey(key).withRequestsTimeout(TIMEOUT);
    }

    private FakeNamespace node() throws Exception {
        return node(RedisAdapterFactory.connect(redis.uri(), options()));
    }

    private static <T> Throwable failsAtTimeout(CompletableFuture<T> request, long timeout) {
        long t0 = System.nanoTime();
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> request.get(timeout + 5000, TimeUnit.MILLISECONDS));
        assertThat(Duration.ofNanos(System.nanoTime() - t0))
                .isBetween(Duration.ofMillis(timeout / 2), Duration.ofMillis(timeout + 2000));
        return e.getCause();
    }

    /** The next request counts the nodes left and completes well before the timeout. */
    private static void nextFetchCompletesAtOnce(FakeNamespace a, String... ids)
            throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> a.adapter.serverCount() == 2);
        long t0 = System.nanoTime();
        List<SocketDetails> found = a.adapter.fetchSockets(BroadcastOptions.ALL)
                .get(TIMEOUT, TimeUnit.MILLISECONDS);
        assertThat(found).extracting(SocketDetails::id).containsExactlyInAnyOrder(ids);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(TIMEOUT));
    }

    @Test
    void aJavaNodeWhoseConnectionDiesMidRequestEndsItAtTheTimeoutWithTheAnswersReceived()
            throws Exception {
        key = "loss-java";
        FakeNamespace a = node();
        FakeNamespace b = node();
        RedisClient cClient = RedisClient.create(redis.uri());
        closing.add(cClient::shutdown); // idempotent: the test shuts it down before
        FakeNamespace c = node(new RedisAdapterFactory(cClient, options()));
        a.connect("a1");
        b.connect("b1");
        c.answerServerEvents = false; // it gets the event, then dies before answering
        await().atMost(Duration.ofSeconds(10)).until(() -> a.adapter.serverCount() == 3);

        CompletableFuture<List<List<Object>>> acks =
                a.adapter.serverSideEmit(List.of("hold"), true, TIMEOUT);
        await().atMost(Duration.ofSeconds(5)).until(() -> !c.serverEvents.isEmpty());
        cClient.shutdown(); // its connections close without unsubscribing, as a crash

        Throwable error = failsAtTimeout(acks, TIMEOUT);
        assertThat(error).isInstanceOf(ServerSideEmitTimeoutException.class)
                .hasMessage("timeout reached: only 1 responses received out of 2");
        assertThat(((ServerSideEmitTimeoutException) error).responses())
                .containsExactly(List.of("ok"));
        nextFetchCompletesAtOnce(a, "a1", "b1");
        assertThat(a.adapter.serverSideEmit(List.of("again"), true, TIMEOUT)
                .get(TIMEOUT, TimeUnit.MILLISECONDS)).containsExactly(List.of("ok"));
    }

    @Test
    void aSubscriberThatDiesAfterTheRequestArrivedMakesFetchSocketsFailAtTheTimeout()
            throws Exception {
        key = "loss-raw";
        FakeNamespace a = node();
        FakeNamespace b = node();
        a.connect("a1");
        b.connect("b1");
        RedisClient raw = RedisClient.create(redis.uri());
        closing.add(raw::shutdown);
        StatefulRedisPubSubConnection<String, String> silent = raw.connectPubSub();
        CountDownLatch got = new CountDownLatch(1);
        silent.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                got.countDown();
            }
        });
        silent.sync().subscribe(key + "-request#/#");
        await().atMost(Duration.ofSeconds(10)).until(() -> a.adapter.serverCount() == 3);

        CompletableFuture<List<SocketDetails>> fetch = a.adapter.fetchSockets(BroadcastOptions.ALL);
        assertThat(got.await(5, TimeUnit.SECONDS)).isTrue();
        silent.close();

        assertThat(failsAtTimeout(fetch, TIMEOUT)).isInstanceOf(TimeoutException.class)
                .hasMessage("timeout reached while waiting for fetchSockets response");
        CompletableFuture<java.util.Set<String>> rooms = ((RedisAdapter) a.adapter).allRooms();
        assertThat(rooms.get(TIMEOUT, TimeUnit.MILLISECONDS)).contains("a1", "b1");
        nextFetchCompletesAtOnce(a, "a1", "b1");
    }

    @Test
    void aNodeJsNodeKilledMidRequestEndsItAtTheTimeout() throws Exception {
        key = "loss-node";
        FakeNamespace a = node();
        FakeNamespace b = node();
        a.connect("a1");
        b.connect("b1");
        NodeScript.ensureInstalled();
        String args = "{\"redis\":\"" + redis.uri() + "\",\"key\":\"" + key
                + "\",\"nodes\":3,\"timeoutMs\":60000}";
        Process node = new ProcessBuilder(NodeScript.nodeExecutable(), "cluster-member.mjs", args)
                .directory(NodeScript.jsDir().toFile())
                .redirectInput(NodeScript.NO_INPUT)
                .start();
        closing.add(() -> {
            NodeScript.destroyTree(node);
            node.waitFor(10, TimeUnit.SECONDS);
        });
        NodeScript.Drain stderr = NodeScript.Drain.start(node.getErrorStream(), "member-stderr");
        BlockingQueue<String> lines = lines(node);
        String ready = lines.poll(30, TimeUnit.SECONDS);
        assertThat(ready).as("node stderr: %s", node.isAlive() ? "" : stderr.text(
                Duration.ofSeconds(2))).isEqualTo("{\"ready\":true}");
        await().atMost(Duration.ofSeconds(10)).until(() -> a.adapter.serverCount() == 3);

        CompletableFuture<List<List<Object>>> acks =
                a.adapter.serverSideEmit(List.of("cluster:hold"), true, TIMEOUT);
        assertThat(lines.poll(10, TimeUnit.SECONDS)).isEqualTo("{\"got\":\"cluster:hold\"}");
        node.destroyForcibly(); // SIGKILL: its Redis connections die with it
        assertThat(node.waitFor(10, TimeUnit.SECONDS)).isTrue();

        Throwable error = failsAtTimeout(acks, TIMEOUT);
        assertThat(error).isInstanceOf(ServerSideEmitTimeoutException.class)
                .hasMessage("timeout reached: only 1 responses received out of 2");
        assertThat(((ServerSideEmitTimeoutException) error).responses())
                .containsExactly(List.of("ok"));
        nextFetchCompletesAtOnce(a, "a1", "b1");
    }

    /** The child's stdout lines, read on a daemon thread. */
    private static BlockingQueue<String> lines(Process process) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(
                    process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (!line.isBlank()) {
                        lines.add(line.trim());
                    }
                }
            } catch (IOException e) {
                // the process was killed
            }
        }, "member-stdout");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }
}
