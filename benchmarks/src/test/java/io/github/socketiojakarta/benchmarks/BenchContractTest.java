package io.github.socketiojakarta.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.socketiojakarta.benchmarks.driver.Driver;
import io.github.socketiojakarta.benchmarks.server.BareServer;
import io.github.socketiojakarta.benchmarks.server.BenchServer;
import io.github.socketiojakarta.benchmarks.server.BenchTomcat;
import io.github.socketiojakarta.protocol.Json;
import io.github.socketiojakarta.protocol.ParseException;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bench servers answer the load-test contract (exact frames, clamping), and the driver runs
 * every scenario against them in a tiny configuration. Nothing here is timed: the benchmark
 * itself is {@code benchmarks/run.sh}.
 */
class BenchContractTest {
    /** The stdin of every child: children never inherit the test JVM's streams. */
    private static final ProcessBuilder.Redirect NO_INPUT =
            ProcessBuilder.Redirect.from(new File("/dev/null"));

    private static BenchTomcat socketIo;
    private static BenchTomcat bare;

    @BeforeAll
    static void start() {
        socketIo = BenchServer.start(0);
        bare = BareServer.start(0);
    }

    @AfterAll
    static void stop() {
        socketIo.stop();
        bare.stop();
    }

    @Test
    void socketIoServerEchoesAndBroadcastsAsTheContractSays() throws Exception {
        contractOverSocketIo("ws://127.0.0.1:" + socketIo.port() + "/socket.io/?EIO=4&transport=websocket");
    }

    @Test
    void bareServerEchoesAndBroadcastsWithItsOwnFraming() throws Exception {
        try (Frames ws = Frames.open("ws://127.0.0.1:" + bare.port() + "/bare")) {
            ws.send("7[\"bench:echo\",{\"a\":[1,\"x\",null],\"b\":{}}]");
            assertThat(ws.next()).isEqualTo("7[{\"a\":[1,\"x\",null],\"b\":{}}]");
            ws.send("8[\"bench:broadcast\",{\"count\":3,\"size\":4}]");
            for (int i = 0; i < 3; i++) {
                assertThat(ws.next()).matches("\\[\"bench:msg\",\\{\"t\":\\d{13},\"i\":" + i
                        + ",\"pad\":\"xxxx\"}]");
            }
            assertThat(ws.next()).isEqualTo("8[{\"count\":3,\"size\":4,\"clients\":1}]");
            ws.send("9[\"bench:broadcast\",{\"count\":0,\"size\":-3}]");
            assertThat(ws.next()).matches("\\[\"bench:msg\",\\{\"t\":\\d{13},\"i\":0,\"pad\":\"\"}]");
            assertThat(ws.next()).isEqualTo("9[{\"count\":1,\"size\":0,\"clients\":1}]");
        }
    }

    @Test
    void nodeReferenceServerAnswersTheSameContract() throws Exception {
        Path dir = Path.of(System.getProperty("basedir", ".")).resolve("node").toAbsolutePath();
        assumeTrue(onPath("node") && onPath("npm"), "node and npm are needed for the reference server");
        if (!Files.isDirectory(dir.resolve("node_modules/socket.io"))) {
            npmCi(dir);
        }
        int port = freePort();
        Process node = new ProcessBuilder("node", "server.js", String.valueOf(port))
                .directory(dir.toFile()).redirectErrorStream(true).redirectInput(NO_INPUT)
                .start();
        try {
            awaitListening(node);
            contractOverSocketIo("ws://127.0.0.1:" + port + "/socket.io/?EIO=4&transport=websocket");
        } finally {
            node.destroy();
            node.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void driverRunsEveryScenarioAgainstTheSocketIoServer() {
        String url = "url=http://127.0.0.1:" + socketIo.port();
        Map<String, Object> fanout = run("fanout", options(url, "clients=3", "count=5", "size=10",
                "warmup=0", "rounds=1", "pause-ms=0"));
        assertThat(path(fanout, "connect.connected")).isEqualTo(3L);
        assertThat(path(fanout, "fanout.errors")).isEqualTo(Map.of("missing", 0L, "outOfOrder", 0L,
                "contract", 0L, "closed", 0L));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rounds = (List<Map<String, Object>>) path(fanout, "fanout.rounds");
        assertThat(rounds.get(0)).containsEntry("received", 15L)
                .containsEntry("ack", "[{\"count\":5,\"size\":10,\"clients\":3}]");

        Map<String, Object> echo = run("echo", options(url, "clients=2", "warmup-s=0", "seconds=1"));
        assertThat((Long) path(echo, "echo.acks")).isPositive();
        assertThat(path(echo, "echo.errors.wrongAck")).isEqualTo(0L);
        assertThat(path(echo, "echo.errors.closed")).isEqualTo(0L);

        Map<String, Object> polling = run("echo", options(url, "transport=polling", "clients=2",
                "warmup-s=0", "seconds=1"));
        assertThat((Long) path(polling, "echo.acks")).isPositive();
        assertThat(path(polling, "echo.errors.wrongAck")).isEqualTo(0L);

        Map<String, Object> idle = run("idle", options(url, "clients=5", "hold-min-s=0"));
        assertThat(path(idle, "idle.held")).isEqualTo(5L);
        assertThat(path(idle, "idle.closedDuringHold")).isEqualTo(0L);
    }

    @Test
    void driverRunsFanoutAndBothEchoesAgainstTheBareServer() {
        String url = "url=http://127.0.0.1:" + bare.port();
        Map<String, Object> fanout = run("fanout", options(url, "proto=bare", "clients=3",
                "count=5", "size=10", "warmup=0", "rounds=1", "pause-ms=0"));
        assertThat(path(fanout, "fanout.errors")).isEqualTo(Map.of("missing", 0L, "outOfOrder", 0L,
                "contract", 0L, "closed", 0L));
        Map<String, Object> echo = run("echo", options(url, "proto=bare", "clients=2",
                "warmup-s=0", "seconds=1"));
        assertThat((Long) path(echo, "echo.acks")).isPositive();
        assertThat(path(echo, "echo.errors.wrongAck")).isEqualTo(0L);

        Map<String, Object> polling = run("echo", options(url, "proto=bare", "transport=polling",
                "clients=2", "warmup-s=0", "seconds=1"));
        assertThat((Long) path(polling, "echo.acks")).isPositive();
        assertThat(path(polling, "echo.errors.wrongAck")).isEqualTo(0L);
        assertThat(path(polling, "echo.errors.closed")).isEqualTo(0L);
    }

    private static void contractOverSocketIo(String url) throws Exception {
        try (Frames ws = Frames.open(url)) {
            assertThat(ws.next()).startsWith("0{\"sid\":");
            ws.send("40");
            assertThat(ws.next()).startsWith("40{\"sid\":");
            ws.send("421[\"bench:echo\",{\"a\":[1,\"x\",null],\"b\":{}}]");
            assertThat(ws.next()).isEqualTo("431[{\"a\":[1,\"x\",null],\"b\":{}}]");
            ws.send("422[\"bench:broadcast\",{\"count\":3,\"size\":4}]");
            for (int i = 0; i < 3; i++) {
                assertThat(ws.next()).matches("42\\[\"bench:msg\",\\{\"t\":\\d{13},\"i\":" + i
                        + ",\"pad\":\"xxxx\"}]");
            }
            assertThat(ws.next()).isEqualTo("432[{\"count\":3,\"size\":4,\"clients\":1}]");
            ws.send("423[\"bench:broadcast\",{\"count\":0,\"size\":-3}]");
            assertThat(ws.next()).matches("42\\[\"bench:msg\",\\{\"t\":\\d{13},\"i\":0,\"pad\":\"\"}]");
            assertThat(ws.next()).isEqualTo("433[{\"count\":1,\"size\":0,\"clients\":1}]");
            ws.send("424[\"bench:broadcast\",{\"count\":1e9,\"size\":1.5}]");
            assertThat(ws.next()).matches("42\\[\"bench:msg\",\\{\"t\":\\d{13},\"i\":0,\"pad\":\"x\"}]");
            ws.skip(99_999);
            assertThat(ws.next()).isEqualTo("434[{\"count\":100000,\"size\":1,\"clients\":1}]");
        }
    }

    /** Runs a driver scenario; its result as JSON would print it (numbers as Long/Double). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> run(String scenario, Map<String, String> options) {
        try {
            return (Map<String, Object>) Json.parse(Json.write(Driver.run(scenario, options)));
        } catch (ParseException e) {
            throw new AssertionError(e);
        }
    }

    private static Map<String, String> options(String... pairs) {
        Map<String, String> m = new java.util.HashMap<>();
        for (String p : pairs) {
            int eq = p.indexOf('=');
            m.put(p.substring(0, eq), p.substring(eq + 1));
        }
        return m;
    }

    private static Object path(Map<String, Object> map, String path) {
        Object v = map;
        for (String k : path.split("\\.")) {
            v = ((Map<?, ?>) v).get(k);
        }
        return v;
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String d : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, command))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs {@code npm ci} in {@code dir} with its stdin from {@code /dev/null} and its output in
     * {@code target/npm-ci.log}, shown when it fails. Never with the test JVM's own streams:
     * Surefire talks to this fork over them, and npm switches an inherited stdin to non-blocking
     * mode, which corrupts that channel and gets the fork killed.
     */
    private static void npmCi(Path dir) throws IOException, InterruptedException {
        Path log = Path.of(System.getProperty("basedir", ".")).resolve("target/npm-ci.log");
        Files.createDirectories(log.getParent());
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                .directory(dir.toFile()).redirectInput(NO_INPUT)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean exited = npm.waitFor(5, TimeUnit.MINUTES);
        if (!exited) {
            npm.destroyForcibly();
        }
        assertThat(exited).as("npm ci in %s ended within 5 minutes; output:%n%s", dir,
                Files.readString(log)).isTrue();
        assertThat(npm.exitValue()).as("npm ci in %s; output:%n%s", dir, Files.readString(log))
                .isZero();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /**
     * Waits for the server's "listening" line; the output is read to its end meanwhile and shown
     * when the server exits or does not listen in time.
     */
    private static void awaitListening(Process node) throws Exception {
        CompletableFuture<Void> listening = new CompletableFuture<>();
        StringBuffer output = new StringBuffer();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = node.inputReader()) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    output.append(line).append('\n');
                    if (line.contains("listening on")) {
                        listening.complete(null);
                    }
                }
                listening.completeExceptionally(new AssertionError("node server exited"));
            } catch (IOException e) {
                listening.completeExceptionally(e);
            }
        }, "node-bench-server-output");
        reader.setDaemon(true);
        reader.start();
        try {
            listening.get(20, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("node server.js did not listen; its output:\n" + output, e);
        }
    }

    /** A WebSocket client that queues whole text messages. */
    private static final class Frames implements WebSocket.Listener, AutoCloseable {
        private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket ws;

        static Frames open(String url) {
            Frames f = new Frames();
            f.ws = HttpClient.newHttpClient().newWebSocketBuilder()
                    .connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(URI.create(url), f).join();
            return f;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        void send(String text) {
            ws.sendText(text, true).join();
        }

        String next() throws InterruptedException {
            String m = messages.poll(20, TimeUnit.SECONDS);
            assertThat(m).as("a message within 20 s").isNotNull();
            return m;
        }

        void skip(int n) throws InterruptedException {
            for (int i = 0; i < n; i++) {
                next();
            }
        }

        @Override
        public void close() {
            ws.abort();
        }
    }
}
