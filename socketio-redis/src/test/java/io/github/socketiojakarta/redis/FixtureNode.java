package io.github.socketiojakarta.redis;

import io.github.socketiojakarta.testing.NodeScript;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One node of a test cluster running the feature fixture of docs/fixtures.md ("scripts/cluster-server
 * PORT") as a child process on a free port: the Node.js reference ({@code src/test/js/cluster-server.mjs})
 * or the Java fixture. The Java node is the main class {@code scripts/cluster-server} execs
 * ({@code io.github.socketiojakarta.redis.fixture.ClusterServer}), launched with this test JVM's
 * classpath instead of the script: the script needs an installed build, the Maven test has the
 * reactor's classes. stdin is /dev/null, stdout and stderr are captured together; {@link #close()}
 * sends SIGTERM and kills the process if it has not ended in 15 s.
 */
final class FixtureNode implements AutoCloseable {
    /** The Java fixture's main class (what scripts/cluster-server runs). */
    static final String JAVA_MAIN = "io.github.socketiojakarta.redis.fixture.ClusterServer";

    /** Which implementation of the fixture a node runs. */
    enum Kind {
        /** socket.io 4.8 + @socket.io/redis-adapter 8.3 (cluster-server.mjs). */
        NODE,
        /** This project's fixture on embedded Tomcat. */
        JAVA;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Kind kind;
    private final String id;
    private final int port;
    private final Process process;
    private final NodeScript.Drain output;

    private FixtureNode(Kind kind, String id, int port, Process process, NodeScript.Drain output) {
        this.kind = kind;
        this.id = id;
        this.port = port;
        this.process = process;
        this.output = output;
    }

    /** Whether the Java fixture is on the classpath (it lives in this module's test tree). */
    static boolean javaFixtureAvailable() {
        try {
            Class.forName(JAVA_MAIN, false, FixtureNode.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /**
     * Starts a node with {@code ADAPTER=adapter}, {@code REDIS_URL=redisUrl} (when not null) and
     * {@code NODE_ID=id} and waits for its {@code listening} line.
     */
    static FixtureNode start(Kind kind, String id, String adapter, String redisUrl)
            throws IOException {
        return start(kind, id, adapter, redisUrl, Map.of());
    }

    /** As {@link #start(Kind, String, String, String)}, with more settings (e.g. ADMIN). */
    static FixtureNode start(Kind kind, String id, String adapter, String redisUrl,
            Map<String, String> more) throws IOException {
        int port = freePort();
        List<String> command = new ArrayList<>();
        ProcessBuilder builder;
        if (kind == Kind.NODE) {
            NodeScript.ensureInstalled();
            command.addAll(List.of(NodeScript.nodeExecutable(), "cluster-server.mjs",
                    String.valueOf(port)));
            builder = new ProcessBuilder(command).directory(NodeScript.jsDir().toFile())
                    .redirectInput(NodeScript.NO_INPUT).redirectErrorStream(true);
        } else {
            String classpath = System.getProperty("surefire.test.class.path",
                    System.getProperty("java.class.path"));
            command.addAll(List.of(javaExecutable(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
                    "-XX:+UseSerialGC", "-cp", classpath, JAVA_MAIN, String.valueOf(port)));
            builder = new ProcessBuilder(command).redirectInput(NodeScript.NO_INPUT)
                    .redirectErrorStream(true);
        }
        Map<String, String> env = builder.environment();
        List.of("ADAPTER", "REDIS_URL", "NODE_ID", "ADMIN", "PARSER").forEach(env::remove);
        env.put("ADAPTER", adapter);
        env.put("NODE_ID", id);
        if (redisUrl != null) {
            env.put("REDIS_URL", redisUrl);
        }
        env.putAll(more);
        Process p = builder.start();
        FixtureNode node = new FixtureNode(kind, id, port, p,
                NodeScript.Drain.start(p.getInputStream(), "fixture-" + id));
        try {
            Awaitility.await(kind.label() + " node " + id + " listening on " + port)
                    .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                    .until(() -> node.output().contains("listening") || !p.isAlive());
        } catch (ConditionTimeoutException e) {
            // reported below
        }
        if (!p.isAlive() || !node.output().contains("listening")) {
            String out = node.stop();
            throw new AssertionError(kind.label() + " node " + id + " did not start on " + port
                    + ":\n" + out);
        }
        return node;
    }

    static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    Kind kind() {
        return kind;
    }

    String id() {
        return id;
    }

    int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port>} */
    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** {@code {"url","id","kind"}}, as the driver scripts take it. */
    String json() {
        return "{\"url\":\"" + url() + "\",\"id\":\"" + id + "\",\"kind\":\"" + kind.label()
                + "\"}";
    }

    /** What it printed so far. */
    String output() {
        try {
            return output.text(Duration.ZERO);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** Kills it as a crash would (SIGKILL) and waits until it has exited. */
    void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new AssertionError(kind.label() + " node " + id + " survived SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM, wait up to 15 s, then kill; returns everything it printed. */
    String stop() {
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    NodeScript.destroyTree(process);
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            }
            return output.text(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            NodeScript.destroyTree(process);
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }

    /** The java executable of this JVM. */
    private static String javaExecutable() {
        return java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
