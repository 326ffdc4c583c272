package io.github.socketiojakarta.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.socketiojakarta.benchmarks.driver.Driver;
import io.github.socketiojakarta.benchmarks.server.BenchServer;
import io.github.socketiojakarta.benchmarks.server.BenchTomcat;
import io.github.socketiojakarta.protocol.Json;
import io.github.socketiojakarta.protocol.ParseException;
import io.github.socketiojakarta.redis.RedisAdapterFactory;
import io.github.socketiojakarta.redis.RedisAdapterOptions;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Redis variants of both bench servers ({@code BENCH_ADAPTER=redis}) answer the contract
 * across two nodes on one real redis-server started here: a {@code bench:broadcast} asked on node
 * A reaches a client of node B, in order, and the driver's split fanout over the two nodes
 * delivers everything and reads Redis's counters. Skipped only when {@code redis-server} (or, for
 * the Node servers, {@code node}/{@code npm}) is absent. Nothing here is timed; every process
 * started here is stopped here.
 */
class BenchClusterTest {
    private static final ProcessBuilder.Redirect NO_INPUT =
            ProcessBuilder.Redirect.from(new File("/dev/null"));
    private static final Path BASE = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();

    private final List<Process> processes = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private int redisPort;

    @BeforeEach
    void startRedis() throws Exception {
        String exe = onPath("redis-server");
        if (exe == null && "true".equals(System.getenv("CI"))) {
            // CI installs it (.ci/run): a missing one is a broken install step, not a skip
            throw new AssertionError("redis-server is not installed, and CI must run this test");
        }
        assumeTrue(exe != null, "redis-server is not installed: skipping the cluster smoke test");
        redisPort = freePort();
        Path dir = Files.createTempDirectory("bench-cluster-redis");
        Process redis = new ProcessBuilder(exe, "--port", String.valueOf(redisPort), "--bind",
                "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString())
                .redirectInput(NO_INPUT).redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile()).start();
        processes.add(redis);
        awaitPort(redisPort, redis, dir.resolve("redis.log"));
    }

    @AfterEach
    void stopAll() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void jakartaNodesWithTheRedisAdapterBroadcastAcrossNodes() throws Exception {
        int a = javaNode();
        int b = javaNode();
        acrossNodes(a, b);
    }

    @Test
    void nodeReferenceNodesWithTheRedisAdapterBroadcastAcrossNodes() throws Exception {
        Path dir = BASE.resolve("node");
        assumeTrue(onPath("node") != null && onPath("npm") != null,
                "node and npm are needed for the reference server");
        if (!Files.isDirectory(dir.resolve("node_modules/@socket.io/redis-adapter"))) {
            npmCi(dir);
        }
        int a = nodeNode(dir);
        int b = nodeNode(dir);
        acrossNodes(a, b);
    }

    private void acrossNodes(int a, int b) throws Exception {
        try (Frames onA = Frames.open(a); Frames onB = Frames.open(b)) {
            awaitCrossNode(onA, onB);
            onA.send("425[\"bench:broadcast\",{\"count\":3,\"size\":4}]");
            for (int i = 0; i < 3; i++) {
                String msg = "42\\[\"bench:msg\",\\{\"t\":\\d{13},\"i\":" + i + ",\"pad\":\"xxxx\"}]";
                assertThat(onB.next()).matches(msg);
                assertThat(onA.next()).matches(msg);
            }
            // clients: the requesting node's own sockets (local to the node, as in Node)
            assertThat(onA.next()).matches("435\\[\\{\"count\":3,\"size\":4,\"clients\":1}]");
        }
        String urls = "http://127.0.0.1:" + a + ",http://127.0.0.1:" + b;
        Map<String, Object> fanout = run(Map.of("url", urls, "clients", "4", "count", "5",
                "size", "10", "warmup", "0", "rounds", "1", "pause-ms", "0",
                "redis-stats", "redis://127.0.0.1:" + redisPort));
        assertThat(path(fanout, "connect.connected")).isEqualTo(4L);
        assertThat(path(fanout, "fanout.errors")).isEqualTo(Map.of("missing", 0L, "outOfOrder", 0L,
                "contract", 0L, "closed", 0L));
        @SuppressWarnings("unchecked")
        Map<String, Object> round = ((List<Map<String, Object>>) path(fanout, "fanout.rounds")).get(0);
        assertThat(round).containsEntry("received", 20L).containsEntry("receivedByNode",
                List.of(10L, 10L));
        // one PUBLISH per broadcast message, for both kinds
        assertThat(path(fanout, "fanout.redis.broadcasts")).isEqualTo(5L);
        assertThat(((Number) path(fanout, "fanout.redis.perBroadcast.publish")).doubleValue())
                .isEqualTo(1.0);
        assertThat(((Number) path(fanout, "fanout.redis.perBroadcast.netInputBytes")).doubleValue())
                .isPositive();
        assertThat(((Number) path(fanout, "fanout.redis.perBroadcast.netOutputBytes")).doubleValue())
                .isPositive();
    }

    /**
     * Until the adapters' subscriptions are in place: broadcasts of one message asked on A until
     * one reaches B; then both queues are drained, so the contract checks start clean.
     */
    private static void awaitCrossNode(Frames onA, Frames onB) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        boolean reached = false;
        for (int id = 100; !reached && System.nanoTime() < deadline; id++) {
            onA.send("42" + id + "[\"bench:broadcast\",{\"count\":1,\"size\":0}]");
            reached = onB.poll(500) != null;
        }
        assertThat(reached).as("a broadcast asked on node A reached node B within 20 s").isTrue();
        onA.drain();
        onB.drain();
    }

    private int javaNode() {
        RedisAdapterFactory redis = RedisAdapterFactory.connect("redis://127.0.0.1:" + redisPort,
                RedisAdapterOptions.DEFAULTS);
        closeables.add(redis);
        BenchTomcat tomcat = BenchServer.start(0, redis);
        closeables.add(0, tomcat::stop); // the server before its adapter
        return tomcat.port();
    }

    private int nodeNode(Path dir) throws Exception {
        int port = freePort();
        Path log = Files.createTempFile("bench-cluster-node", ".log");
        ProcessBuilder pb = new ProcessBuilder("node", "server.js", String.valueOf(port))
                .directory(dir.toFile()).redirectInput(NO_INPUT).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("BENCH_ADAPTER", "redis");
        pb.environment().put("REDIS_URL", "redis://127.0.0.1:" + redisPort);
        Process node = pb.start();
        processes.add(0, node); // stopped before redis
        awaitPort(port, node, log);
        return port;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> run(Map<String, String> options) {
        try {
            return (Map<String, Object>) Json.parse(Json.write(Driver.run("fanout",
                    new HashMap<>(options))));
        } catch (ParseException e) {
            throw new AssertionError(e);
        }
    }

    private static Object path(Map<String, Object> map, String path) {
        Object v = map;
        for (String k : path.split("\\.")) {
            v = ((Map<?, ?>) v).get(k);
        }
        return v;
    }

    private static String onPath(String command) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, command))) {
                return Path.of(d, command).toString();
            }
        }
        return null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Waits until the port accepts; shows the process's output if it exits or never does. */
    private static void awaitPort(int port, Process p, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && p.isAlive()) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("nothing listening on " + port + "; output:\n" + Files.readString(log));
    }

    /** {@code npm ci} with stdin from /dev/null and its output in target/npm-ci-cluster.log. */
    private static void npmCi(Path dir) throws Exception {
        Path log = BASE.resolve("target/npm-ci-cluster.log");
        Files.createDirectories(log.getParent());
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                .directory(dir.toFile()).redirectInput(NO_INPUT)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean exited = npm.waitFor(5, TimeUnit.MINUTES);
        if (!exited) {
            npm.destroyForcibly();
        }
        assertThat(exited && npm.exitValue() == 0).as("npm ci in %s; output:%n%s", dir,
                Files.readString(log)).isTrue();
    }

    /** A Socket.IO client over WebSocket, connected to namespace /, queueing text messages. */
    private static final class Frames implements WebSocket.Listener, AutoCloseable {
        private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket ws;

        static Frames open(int port) throws InterruptedException {
            Frames f = new Frames();
            f.ws = HttpClient.newHttpClient().newWebSocketBuilder()
                    .connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(URI.create("ws://127.0.0.1:" + port
                            + "/socket.io/?EIO=4&transport=websocket"), f).join();
            assertThat(f.next()).startsWith("0{\"sid\":");
            f.send("40");
            assertThat(f.next()).startsWith("40{\"sid\":");
            return f;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String m = partial.toString();
                partial.setLength(0);
                if (m.equals("2")) {
                    webSocket.sendText("3", true); // heartbeat
                } else {
                    messages.add(m);
                }
            }
            webSocket.request(1);
            return null;
        }

        void send(String text) {
            ws.sendText(text, true).join();
        }

        String poll(long millis) throws InterruptedException {
            return messages.poll(millis, TimeUnit.MILLISECONDS);
        }

        String next() throws InterruptedException {
            String m = poll(20_000);
            assertThat(m).as("a message within 20 s").isNotNull();
            return m;
        }

        /** Drops what arrives until nothing has for 500 ms. */
        void drain() throws InterruptedException {
            while (poll(500) != null) {
                // dropped
            }
        }

        @Override
        public void close() {
            ws.abort();
        }
    }
}
