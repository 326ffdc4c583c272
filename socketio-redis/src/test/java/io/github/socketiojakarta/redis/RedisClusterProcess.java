package io.github.socketiojakarta.redis;

import io.github.socketiojakarta.testing.NodeScript;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * A real Redis Cluster of masters without replicas, started by a test: one {@code redis-server
 * --cluster-enabled yes} per master on free loopback ports (each with its bus port, port +
 * 10000, free too) in a temporary directory, joined with {@code redis-cli --cluster create ...
 * --cluster-replicas 0 --cluster-yes}. Every child has stdin from /dev/null and its output
 * captured (shown when something fails). Skips the test when redis-server is not installed.
 * Close it to stop every process and delete the directory.
 */
final class RedisClusterProcess implements AutoCloseable {
    private final Path dir;
    private final List<Process> processes = new ArrayList<>();
    private final List<NodeScript.Drain> outputs = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();

    private RedisClusterProcess(Path dir) {
        this.dir = dir;
    }

    /** Starts {@code masters} nodes and creates the cluster; waits until its state is ok. */
    static RedisClusterProcess start(int masters) throws IOException, InterruptedException {
        String server = RedisServerProcess.executable();
        if (server == null && "true".equals(System.getenv("CI"))) {
            // CI installs it (.ci/run): a missing one is a broken install step, not a skip
            throw new AssertionError("redis-server is not installed, and CI must run these tests");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(server != null,
                "redis-server is not installed: skipping the Redis Cluster tests");
        Path cli = Path.of(server).resolveSibling("redis-cli");
        RedisClusterProcess cluster = new RedisClusterProcess(
                Files.createTempDirectory("redis-cluster"));
        try {
            for (int i = 0; i < masters; i++) {
                int port = freePortWithBus(cluster.ports);
                cluster.ports.add(port);
                Process p = new ProcessBuilder(List.of(server, "--port", String.valueOf(port),
                        "--bind", "127.0.0.1", "--protected-mode", "no", "--save", "",
                        "--appendonly", "no", "--cluster-enabled", "yes",
                        "--cluster-config-file", "nodes-" + port + ".conf",
                        "--cluster-node-timeout", "5000", "--dir", cluster.dir.toString()))
                        .redirectInput(NodeScript.NO_INPUT).redirectErrorStream(true).start();
                cluster.processes.add(p);
                cluster.outputs.add(NodeScript.Drain.start(p.getInputStream(),
                        "redis-cluster-" + port));
            }
            for (int port : cluster.ports) {
                cluster.await("redis-server accepting on " + port, () -> accepts(port));
            }
            List<String> create = new ArrayList<>(List.of(
                    Files.isExecutable(cli) ? cli.toString() : "redis-cli", "--cluster", "create"));
            cluster.ports.forEach(p -> create.add("127.0.0.1:" + p));
            create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            Process p = new ProcessBuilder(create).redirectInput(NodeScript.NO_INPUT)
                    .redirectErrorStream(true).start();
            NodeScript.Drain out = NodeScript.Drain.start(p.getInputStream(), "redis-cli-create");
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new AssertionError("redis-cli --cluster create failed:\n"
                        + out.text(Duration.ofSeconds(2)));
            }
            for (int port : cluster.ports) {
                cluster.await("cluster_state:ok on " + port, () -> clusterOk(port));
            }
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    private void await(String what, java.util.concurrent.Callable<Boolean> condition)
            throws InterruptedException {
        try {
            Awaitility.await(what).atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50)).until(condition);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            StringBuilder logs = new StringBuilder();
            for (NodeScript.Drain d : outputs) {
                logs.append(d.text(Duration.ofMillis(200))).append('\n');
            }
            throw new AssertionError(what + " did not happen:\n" + logs, e);
        }
    }

    /** A port in 20000..29999 (below the ephemeral range) with port + 10000 free as well. */
    private static int freePortWithBus(List<Integer> taken) throws IOException {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20000, 30000);
            if (!taken.contains(port) && bindable(port) && bindable(port + 10000)) {
                return port;
            }
        }
        throw new IOException("no free port pair for a cluster node");
    }

    private static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean accepts(int port) {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            return s.isConnected();
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean clusterOk(int port) {
        RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", port));
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            return c.sync().clusterInfo().contains("cluster_state:ok");
        } catch (RuntimeException e) {
            return false;
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    /** The nodes' ports. */
    List<Integer> ports() {
        return List.copyOf(ports);
    }

    /** {@code redis://127.0.0.1:<port>} of every node. */
    List<String> uris() {
        return ports.stream().map(p -> "redis://127.0.0.1:" + p).toList();
    }

    @Override
    public void close() {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
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
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }
}
