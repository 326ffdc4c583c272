package io.github.socketiojakarta.redis;

import io.github.socketiojakarta.testing.NodeScript;
import java.io.File;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Assumptions;

/**
 * An nginx started by a test on a free loopback port with the project's template
 * {@code docs/nginx-sticky.conf} (the README's), its {@code ${NODE1}}, {@code ${NODE2}} and
 * {@code ${PORT}} placeholders replaced and nothing else changed: {@code nginx -p <tmpdir> -c
 * <conf> -e stderr -g 'daemon off; pid ..; error_log stderr;'}, stdin /dev/null, output captured.
 * The test is skipped with a message when no nginx is installed. {@link #close()} stops it
 * (SIGTERM, then a kill) and deletes its directory.
 */
final class NginxProcess implements AutoCloseable {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z0-9_]+)}");
    private final Process process;
    private final NodeScript.Drain output;
    private final Path dir;
    private final int port;

    private NginxProcess(Process process, NodeScript.Drain output, Path dir, int port) {
        this.process = process;
        this.output = output;
        this.dir = dir;
        this.port = port;
    }

    /** The template: property {@code nginx.template}, else the repository's docs/nginx-sticky.conf. */
    static Path template() {
        String configured = System.getProperty("nginx.template");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return NodeScript.moduleDir().resolve("../docs/nginx-sticky.conf").normalize();
    }

    /** The nginx executable: property {@code nginx}, the PATH, or /usr/sbin/nginx. */
    static String executable() {
        String configured = System.getProperty("nginx");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin";
        for (String d : path.split(File.pathSeparator)) {
            Path candidate = Path.of(d, "nginx");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }

    /** The template with exactly its placeholders replaced (every one must have a value). */
    static String render(String template, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new AssertionError("no value for ${" + m.group(1) + "} in " + template());
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** Starts nginx in front of {@code node1} and {@code node2} (host:port each). */
    static NginxProcess start(String node1, String node2) throws IOException {
        return start(node1, node2, UnaryOperator.identity());
    }

    /**
     * Starts nginx with the template changed by {@code edit} first (a control experiment; the
     * tests of the documented set-up use {@link #start(String, String)}).
     */
    static NginxProcess start(String node1, String node2, UnaryOperator<String> edit)
            throws IOException {
        String exe = executable();
        if (exe == null && "true".equals(System.getenv("CI"))) {
            // CI installs it (.ci/run): a missing one is a broken install step, not a skip
            throw new AssertionError("nginx is not installed, and CI must run these tests");
        }
        Assumptions.assumeTrue(exe != null, "nginx is not installed (apt-get install -y nginx): "
                + "skipping the test behind nginx");
        Path template = template();
        if (!Files.isRegularFile(template)) {
            throw new AssertionError("no nginx template at " + template);
        }
        int port = FixtureNode.freePort();
        String conf = render(edit.apply(Files.readString(template, StandardCharsets.UTF_8)),
                Map.of("NODE1", node1, "NODE2", node2, "PORT", "127.0.0.1:" + port));
        Path dir = Files.createTempDirectory("nginx-sticky-");
        // nginx's workers run as nobody when the test runs as root: they must reach the prefix
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(dir.resolve("logs"));
        Path confFile = dir.resolve("nginx.conf");
        Files.writeString(confFile, conf, StandardCharsets.UTF_8);
        Process p = new ProcessBuilder(List.of(exe, "-p", dir.toString(), "-c",
                confFile.toString(), "-e", "stderr", "-g",
                "daemon off; pid " + dir.resolve("nginx.pid") + "; error_log stderr;"))
                .redirectInput(NodeScript.NO_INPUT).redirectErrorStream(true).start();
        NginxProcess nginx = new NginxProcess(p, NodeScript.Drain.start(p.getInputStream(),
                "nginx-" + port), dir, port);
        try {
            Awaitility.await("nginx accepting on " + port).atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(20)).until(() -> nginx.accepts() || !p.isAlive());
        } catch (ConditionTimeoutException e) {
            // reported below
        }
        if (!p.isAlive() || !nginx.accepts()) {
            String out = nginx.stop();
            throw new AssertionError("nginx did not start on " + port + ":\n" + out + "\n" + conf);
        }
        return nginx;
    }

    private boolean accepts() {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return s.isConnected();
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code http://127.0.0.1:<port>} */
    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** What it printed so far (errors, warnings). */
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

    private String stop() {
        String out;
        try {
            if (process.isAlive()) {
                process.destroy(); // SIGTERM: the master stops its workers and exits
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    NodeScript.destroyTree(process);
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            }
            out = output.text(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            NodeScript.destroyTree(process);
            Thread.currentThread().interrupt();
            out = "(interrupted)";
        }
        deleteTree(dir);
        return out;
    }

    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
