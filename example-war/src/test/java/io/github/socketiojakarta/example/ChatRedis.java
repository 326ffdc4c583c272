package io.github.socketiojakarta.example;

import io.github.socketiojakarta.testing.NodeScript;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code redis-server} for the chat's cluster test, on a free loopback port, without
 * persistence, stdin from /dev/null and its output captured (shown when it fails to start).
 * The test is skipped, saying so, when no {@code redis-server} is installed (property
 * {@code redis.server}, else the PATH). Close it to stop the process. (A smaller sibling of
 * {@code socketio-redis}'s test helper, which that module does not publish.)
 */
final class ChatRedis implements AutoCloseable {
    private final Process process;
    private final int port;

    private ChatRedis(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts one, or skips the calling test when redis-server is not installed. */
    static ChatRedis start() throws IOException {
        String exe = executable();
        Assumptions.assumeTrue(exe != null, "redis-server is not installed (apt-get install -y "
                + "redis-server): skipping the chat's cluster test");
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Process p = new ProcessBuilder(List.of(exe, "--port", String.valueOf(port), "--bind",
                "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "no"))
                .redirectInput(NodeScript.NO_INPUT).redirectErrorStream(true).start();
        ChatRedis redis = new ChatRedis(p, port);
        NodeScript.Drain out = NodeScript.Drain.start(p.getInputStream(), "redis-server-" + port);
        try {
            Awaitility.await("redis-server accepting on " + port).atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(20)).until(() -> redis.accepts() || !p.isAlive());
        } catch (ConditionTimeoutException e) {
            // reported below
        }
        if (!p.isAlive() || !redis.accepts()) {
            redis.close();
            String text;
            try {
                text = out.text(Duration.ofSeconds(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                text = "(interrupted)";
            }
            throw new AssertionError("redis-server did not start on port " + port + ":\n" + text);
        }
        return redis;
    }

    private static String executable() {
        String configured = System.getProperty("redis.server");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "redis-server");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }

    private boolean accepts() {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            return s.isConnected();
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code redis://127.0.0.1:<port>} */
    String uri() {
        return "redis://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
