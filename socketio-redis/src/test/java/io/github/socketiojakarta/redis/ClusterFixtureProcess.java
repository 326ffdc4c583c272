package io.github.socketiojakarta.redis;

import io.github.socketiojakarta.testing.NodeScript;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * {@code scripts/cluster-server PORT} started by a test as a child process: stdin from
 * /dev/null, stdout and stderr captured together, the fixture's environment variables given
 * (the test JVM's own ADAPTER, NODE_ID... are removed first). {@link #stop()} sends SIGTERM and
 * waits for the process to end (then kills it if it does not).
 */
final class ClusterFixtureProcess implements AutoCloseable {
    private static final List<String> FIXTURE_ENV =
            List.of("ADAPTER", "REDIS_URL", "NODE_ID", "ADMIN", "PARSER");
    private final Process process;
    private final NodeScript.Drain output;
    private final int port;
    private int exitCode = -1;

    private ClusterFixtureProcess(Process process, NodeScript.Drain output, int port) {
        this.process = process;
        this.output = output;
        this.port = port;
    }

    /** The script, from the module directory. */
    static Path script() {
        return NodeScript.moduleDir().resolve("../scripts/cluster-server").normalize();
    }

    /** A free loopback port. */
    static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    /** Starts the script with this environment, without waiting for it. */
    static ClusterFixtureProcess launch(int port, Map<String, String> env) throws IOException {
        Path script = script();
        if (!Files.isRegularFile(script)) {
            throw new AssertionError("no fixture script at " + script);
        }
        List<String> command = new ArrayList<>(List.of("bash", script.toString(),
                String.valueOf(port)));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(NodeScript.NO_INPUT) // /dev/null
                .redirectErrorStream(true);
        FIXTURE_ENV.forEach(builder.environment()::remove);
        builder.environment().putAll(env);
        Process p = builder.start();
        return new ClusterFixtureProcess(p,
                NodeScript.Drain.start(p.getInputStream(), "cluster-server-" + port), port);
    }

    /** Starts the script and waits for its {@code listening} line (fails with its output). */
    static ClusterFixtureProcess start(int port, Map<String, String> env)
            throws IOException, InterruptedException {
        ClusterFixtureProcess f = launch(port, env);
        try {
            Awaitility.await("cluster-server on " + port + " listening")
                    .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                    .until(() -> f.output().contains("listening") || !f.process.isAlive());
        } catch (ConditionTimeoutException e) {
            // reported below
        }
        if (!f.process.isAlive() || !f.output().contains("listening")) {
            String out = f.stop();
            throw new AssertionError("cluster-server did not start on " + port + ":\n" + out);
        }
        return f;
    }

    /** {@code http://127.0.0.1:<port>} */
    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** What it printed so far. */
    String output() throws InterruptedException {
        return output.text(Duration.ZERO);
    }

    /** Waits for the process to end by itself; its exit code. */
    int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("cluster-server did not exit:\n" + output());
        }
        exitCode = process.exitValue();
        return exitCode;
    }

    /** The exit code after {@link #stop()} or {@link #waitFor}, else -1. */
    int exitCode() {
        return exitCode;
    }

    @Override
    public void close() {
        stop();
    }

    /** SIGTERM, wait (kill after 20 s); returns everything it printed. */
    String stop() {
        try {
            if (process.isAlive()) {
                // SIGTERM (bash exec'd java, so the JVM gets it) through the handle: Process
                // .destroy() would also close our end of its output, losing what it prints while
                // it shuts down
                process.toHandle().destroy();
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    NodeScript.destroyTree(process);
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            }
            exitCode = process.isAlive() ? -1 : process.exitValue();
            return output.text(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            NodeScript.destroyTree(process);
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }
}
