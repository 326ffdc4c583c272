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
 * to stop the process; {@link #kill()} (SIGKILL) or {@link #stop()} (SIGTERM) then {@link
 * #restart()} bring it down and back on the same port, {@link #pause()} and {@link #resume()}
 * freeze and thaw it, for the outage tests.
 */
public final class RedisServerProcess implements AutoCloseable {
    private final String exe;
    private final int port;
    private volatile Process process;

    private RedisServerProcess(String exe, int port) {
        this.exe = exe;
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

    /** A loopback port free right now (for a Redis started later on it). */
    static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    /** Starts one, or skips the calling test when redis-server is not installed. */
    public static RedisServerProcess start() throws IOException, InterruptedException {
        return startOn(freePort());
    }

    /** Starts one on this port, or skips the calling test when redis-server is not installed. */
    static RedisServerProcess startOn(int port) throws IOException, InterruptedException {
        String exe = executable();
        if (exe == null && "true".equals(System.getenv("CI"))) {
            // CI installs it (.ci/run): a missing one is a broken install step, not a skip
            throw new AssertionError("redis-server is not installed, and CI must run these tests");
        }
        Assumptions.assumeTrue(exe != null, "redis-server is not installed (apt-get install -y "
                + "redis-server): skipping the tests against a real Redis");
        RedisServerProcess server = new RedisServerProcess(exe, port);
        server.launch();
        return server;
    }

    private void launch() throws IOException {
        Process p = new ProcessBuilder(List.of(exe, "--port", String.valueOf(port), "--bind",
                "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "no"))
                .redirectInput(NodeScript.NO_INPUT) // /dev/null
                .redirectErrorStream(true)
                .start();
        process = p;
        NodeScript.Drain out = NodeScript.Drain.start(p.getInputStream(), "redis-server-" + port);
        try {
            org.awaitility.Awaitility.await("redis-server accepting on " + port)
                    .atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                    .until(() -> accepts() || !p.isAlive());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // reported below
        }
        if (!p.isAlive() || !accepts()) {
            close();
            String text;
            try {
                text = out.text(Duration.ofSeconds(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                text = "(interrupted)";
            }
            throw new AssertionError("redis-server did not start on port " + port + ":\n" + text);
        }
    }

    private boolean accepts() {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            return s.isConnected();
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code redis://127.0.0.1:<port>} */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Kills the server as a crash would (SIGKILL) and waits until it has exited. */
    void kill() throws InterruptedException {
        Process p = process;
        p.destroyForcibly();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            throw new AssertionError("redis-server on " + port + " survived SIGKILL");
        }
    }

    /** Freezes the server (SIGSTOP): connections stay open, nothing is answered. */
    void pause() throws IOException, InterruptedException {
        signal("-STOP");
    }

    /** Thaws a server frozen by {@link #pause()} (SIGCONT). */
    void resume() throws IOException, InterruptedException {
        signal("-CONT");
    }

    private void signal(String which) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", which, String.valueOf(process.pid()))
                .redirectInput(NodeScript.NO_INPUT).redirectErrorStream(true).start();
        NodeScript.Drain out = NodeScript.Drain.start(kill.getInputStream(), "kill" + which);
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            kill.destroyForcibly();
            throw new AssertionError("kill " + which + " failed: " + out.text(Duration.ofSeconds(1)));
        }
    }

    /** Stops the server (SIGTERM) and waits until it has exited. */
    void stop() {
        close();
    }

    /** Starts it again, on the same port, after {@link #kill()} or {@link #stop()}. */
    void restart() throws IOException {
        if (process.isAlive()) {
            throw new IllegalStateException("redis-server on " + port + " still runs");
        }
        launch();
    }

    @Override
    public void close() {
        Process p = process;
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
