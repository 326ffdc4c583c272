package io.github.socketiojakarta.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.socketiojakarta.testing.LogCapture;
import io.github.socketiojakarta.testing.NodeScript;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.catalina.connector.Connector;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Soak: holds N WebSocket Socket.IO connections for a while with steady traffic (the server
 * broadcasts a {@code tick} to a room of all of them every second, and each connection answers
 * every tick with an event with ack), then closes them all and checks that nothing leaked: no
 * session, no socket, no room, no timer, no thread, no error, every tick and every ack
 * delivered. Prints one report line ({@code SOAK ...}, in the surefire output file) with the
 * server's heap after GC at the start, while connected and at the end.
 *
 * <p>The clients ({@link SoakClients}, lightweight Java clients) run in a separate JVM, so this
 * process holds one file descriptor per connection: a soft {@code ulimit -n} of
 * {@code connections + 1024} is enough here (with less, the test uses fewer connections and
 * says so); the client JVM needs as many. The server counts its own sockets while the clients
 * connect, and fails at once, with what capped it, when the client process gives up; Tomcat's
 * {@code maxConnections} (default 8192) is raised above the count and checked before connecting.
 *
 * <p>The default suite runs the CI version: 1,000 connections for 30 seconds. The long run,
 * on demand:
 *
 * <pre>
 * mvn -pl socketio-servlet test -Dtest=SoakTest -Dsoak.connections=10000 -Dsoak.seconds=600
 * </pre>
 */
@Tag("soak")
class SoakTest {

    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The soft limit of open files of this process, or -1 when unknown. */
    private static long openFilesLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                    return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
                }
            }
        } catch (Exception e) {
            // not Linux
        }
        return -1;
    }

    /** Live threads not in the baseline, leaving out the JDK's shared pools. */
    private static List<String> newThreads(Set<Thread> baseline) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !baseline.contains(t))
                .map(Thread::getName)
                .filter(n -> !n.startsWith("ForkJoinPool.commonPool")
                        && !n.startsWith("HttpClient-") // the test client's selector (GC'd)
                        && !n.startsWith("awaitility") // the one checking
                        && !n.equals("process reaper") && !n.equals("Attach Listener"))
                .sorted().collect(Collectors.toList());
    }

    /**
     * Raises what caps the server's connection count: {@code maxConnections} (Tomcat's default,
     * 8192, keeps further handshakes in the backlog) with headroom, and the accept backlog for
     * the batches of handshakes.
     */
    private static void raiseLimits(Connector connector, int connections) {
        connector.setProperty("maxConnections", String.valueOf(Math.max(8192,
                connections + 1024)));
        connector.setProperty("acceptCount", "1024");
    }

    /** The soak client process's output so far, for failure messages. */
    private static String output(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** The {@code key=value} fields of the client process's {@code result} line. */
    private static Map<String, Long> result(Path file) throws java.io.IOException {
        Map<String, Long> fields = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith("result ")) {
                for (String kv : line.substring(7).split(" ")) {
                    int eq = kv.indexOf('=');
                    fields.put(kv.substring(0, eq), Long.parseLong(kv.substring(eq + 1)));
                }
            }
        }
        return fields;
    }

    @Test
    void holdsConnectionsWithSteadyTrafficAndLeaksNothing(@TempDir Path dir) throws Exception {
        int wanted = Integer.getInteger("soak.connections", 1000);
        int seconds = Integer.getInteger("soak.seconds", 30);
        long fdLimit = openFilesLimit();
        int connections = wanted;
        if (fdLimit > 0 && fdLimit < wanted + 1024L) {
            connections = (int) Math.max(10, fdLimit - 1024);
            System.out.printf("SOAK ulimit -n is %d: %d connections instead of %d%n", fdLimit,
                    connections, wanted);
        }
        Set<Thread> baseline = Set.copyOf(Thread.getAllStackTraces().keySet());
        long heapStart = heapAfterGc();
        AtomicLong broadcasts = new AtomicLong();
        ScheduledExecutorService driver = Executors.newSingleThreadScheduledExecutor(
                r -> new Thread(r, "soak-driver"));
        Path out = dir.resolve("soak-clients.log");
        Process clients = null;
        long heapConnected;
        long heapEnd;
        Map<String, Long> r;
        String firstError;
        List<String> leakedThreads;
        try (LogCapture log = new LogCapture();
                HardServer server = new HardServer(o -> o.engine(e -> e
                        .pingInterval(Duration.ofSeconds(5))
                        .pingTimeout(Duration.ofSeconds(10))), io -> { },
                        connector -> raiseLimits(connector, wanted))) {
            // Tomcat's default maxConnections (8192) would hold the rest in the backlog until
            // the clients time out: check the cap before connecting anyone
            int max = server.maxConnections();
            assertThat(max == -1 || max >= connections)
                    .as("the server's maxConnections (%d) is below the %d connections wanted",
                            max, connections).isTrue();
            String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            clients = new ProcessBuilder(javaBin, "-Xmx3g", "-cp",
                    System.getProperty("java.class.path"), SoakClients.class.getName(),
                    String.valueOf(server.port()), String.valueOf(connections),
                    String.valueOf(seconds + connections / 50 + 120))
                    .redirectInput(NodeScript.NO_INPUT).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            Process p = clients;
            int n = connections;
            // the server counts its own sockets: the run goes on as long as the client process
            // lives and the count grows, and fails with what capped it otherwise
            Awaitility.await().atMost(Duration.ofSeconds(60 + connections / 20))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        int held = server.io.sockets().sockets().size();
                        if (!p.isAlive() && held < n) {
                            throw new AssertionError("the client process ended with " + held
                                    + " of " + n + " sockets connected; the server's connector"
                                    + " holds " + server.connectorConnections()
                                    + ", maxConnections " + server.maxConnections() + ": "
                                    + output(out));
                        }
                        return held == n;
                    });
            long held = server.connectorConnections();
            assertThat(held == -1 || held >= connections)
                    .as("%d sockets but the server's connector holds %d connections",
                            connections, held).isTrue();
            heapConnected = heapAfterGc();

            driver.scheduleAtFixedRate(
                    () -> server.io.to("all").emit("tick", broadcasts.incrementAndGet()),
                    0, 1, TimeUnit.SECONDS);
            // the run: its length is the stimulus; it ends early if the client process ends
            boolean ended = clients.waitFor(seconds, TimeUnit.SECONDS);
            driver.shutdown();
            assertThat(driver.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            assertThat(ended).as("the client process ended during the run: %s", output(out))
                    .isFalse();
            server.io.to("all").emit("end", broadcasts.get());
            assertThat(clients.waitFor(120 + connections / 50, TimeUnit.SECONDS))
                    .as("the client process ends after the end event: %s", output(out)).isTrue();
            assertThat(clients.exitValue()).as(output(out)).isZero();
            r = result(out);
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> server.io.engine().sessionCount() == 0);
            server.assertNothingLeft();
            firstError = log.firstAtLeast(java.util.logging.Level.WARNING);
        } finally {
            driver.shutdownNow();
            if (clients != null) {
                clients.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(newThreads(baseline)).isEmpty());
        leakedThreads = newThreads(baseline);
        heapEnd = heapAfterGc();
        System.out.printf("SOAK connections=%d seconds=%d threadsLeaked=%d errors=%d acks=%d"
                + " broadcasts=%d ticksMin=%d heapAfterGcStartMB=%.1f heapAfterGcConnectedMB=%.1f"
                + " heapAfterGcEndMB=%.1f serverHeapPerConnectionKB=%.1f%n", connections, seconds,
                leakedThreads.size(), r.get("errors"), r.get("acksOk"), broadcasts.get(),
                r.get("ticksMin"), heapStart / 1e6, heapConnected / 1e6, heapEnd / 1e6,
                (heapConnected - heapStart) / 1e3 / connections);
        assertThat(r.get("connected")).isEqualTo(connections);
        assertThat(r.get("errors")).isZero();
        assertThat(firstError).as("warnings logged by the server").isNull();
        assertThat(leakedThreads).isEmpty();
        // every client had every tick the server sent, and every tick's ack was answered
        assertThat(r.get("ticksSent")).isEqualTo(broadcasts.get());
        assertThat(r.get("ticksMin")).isEqualTo(broadcasts.get());
        assertThat(r.get("ticksMax")).isEqualTo(broadcasts.get());
        assertThat(r.get("acksOk")).isEqualTo((long) connections * broadcasts.get())
                .isEqualTo(r.get("acksSent"));
        assertThat(broadcasts.get()).isGreaterThanOrEqualTo(Math.max(1, seconds * 95L / 100));
    }
}
