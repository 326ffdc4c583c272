package io.github.socketiojakarta.redis;

import io.github.socketiojakarta.testing.NodeScript;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code redis-server} started by a test on a free loopback port, without persistence,
 * stdin from /dev/null and its output captured (shown when it fails to start). Tests are skipped,
 * with a message saying so, only when no {@code redis-server} executable is installed. Close it
 * to stop the process.
 */
final class RedisServerProcess implements AutoCloseable {
    private final Process process;
    private final int port;

    private RedisServerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The {@code redis-server} executable: property {@code redis.server}, else the PATH. */
    static String executable() {
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

    /** Starts one, or skips the calling test when redis-server is not installed. */
    static RedisServerProcess start() throws IOException, InterruptedException {
        String exe = executable();
        Assumptions.assumeTrue(exe != null, "redis-server is not installed (apt-get install -y "
                + "redis-server): skipping the tests against a real Redis");
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Process p = new ProcessBuilder(List.of(exe, "--port", String.valueOf(port), "--bind",
                "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "no"))
                .redirectInput(NodeScript.NO_INPUT) // /dev/null
                .redirectErrorStream(true)
                .start();
        NodeScript.Drain out = NodeScript.Drain.start(p.getInputStream(), "redis-server-" + port);
        RedisServerProcess server = new RedisServerProcess(p, port);
        try {
            org.awaitility.Awaitility.await("redis-server accepting on " + port)
                    .atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                    .until(() -> server.accepts() || !p.isAlive());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // reported below
        }
        if (!p.isAlive() || !server.accepts()) {
            server.close();
            throw new AssertionError("redis-server did not start on port " + port + ":\n"
                    + out.text(Duration.ofSeconds(2)));
        }
        return server;
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

    int port() {
        return port;
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
