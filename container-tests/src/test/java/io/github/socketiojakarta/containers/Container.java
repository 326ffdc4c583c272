package io.github.socketiojakarta.containers;

import static org.awaitility.Awaitility.await;

import io.github.socketiojakarta.testing.NodeScript;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real servlet container in its own process, unpacked from its distribution under
 * {@code target/containers} and run from a fresh per-run directory under {@code target/runs}
 * (its configuration, deployments and logs), on free loopback ports. One web application at a
 * time, always at the root context ({@code ROOT.war}), deployed and undeployed the way a user
 * does it by hand: by dropping the WAR into (or taking it out of) the container's deployment
 * directory.
 *
 * <p>{@link #close()} stops the whole process tree, also after a failed test; a JVM shutdown
 * hook does the same if the test JVM ends first. Not thread-safe: one test thread drives it.
 */
abstract class Container implements AutoCloseable {
    /**
     * The stdin of every child (the container, jcmd): {@code /dev/null}. Children never inherit
     * the test JVM's streams, which are Surefire's channel to its fork.
     */
    static final ProcessBuilder.Redirect NO_INPUT = NodeScript.NO_INPUT;

    /** How long a container may take to boot on a busy two-core machine. */
    static final Duration BOOT_TIMEOUT = Duration.ofSeconds(120);
    /** How long a deployment or undeployment may take. */
    static final Duration DEPLOY_TIMEOUT = Duration.ofSeconds(60);

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2)).build();

    protected final Path home;
    protected final Path run;
    private Process process;
    private Thread reaper;
    private Path war;
    /** System properties of the container's JVM, set before {@link #start()}. */
    protected final Map<String, String> systemProperties = new LinkedHashMap<>();
    /** Environment variables of the container's process, set before {@link #start()}. */
    private final Map<String, String> environment = new LinkedHashMap<>();

    /**
     * @param home the unpacked distribution (left unchanged)
     * @param run a fresh directory for this run's configuration, deployments and logs
     */
    Container(Path home, Path run) {
        this.home = home;
        this.run = run;
    }

    /** The product and version, e.g. "WildFly 38.0.1.Final". */
    abstract String product();

    /** The base URL of the HTTP listener, {@code http://127.0.0.1:<port>}. */
    abstract String url();

    /** Prepares the run directory and returns the start command, run in {@link #home}. */
    abstract ProcessBuilder prepare() throws IOException;

    /** Whether the console log says that the server is up; throws if it says it failed. */
    abstract boolean started(String console);

    /**
     * Puts the WAR in place as {@code ROOT.war} and waits for the container's own sign that it
     * is deployed, where it gives one; {@link #deploy} then waits for the application to answer.
     */
    abstract void install(Path war) throws IOException;

    /** Removes the root application, waiting for the container's sign where it gives one. */
    abstract void uninstall() throws IOException;

    /** Deploys the same WAR again after {@link #uninstall()}, waiting as {@link #install} does. */
    abstract void reinstall() throws IOException;

    /** The console output (stdout and stderr) of the container so far. */
    final String console() {
        try {
            return Files.readString(run.resolve("console.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no console log: " + e + ")";
        }
    }

    /**
     * Each warning so far that the application left a thread running when it was undeployed
     * (the container's "failed to stop it", or our own "still running" from a server's close),
     * with the stack trace lines that follow it: a failure shows the culprit, not the whole log.
     */
    final List<String> threadsLeftBehind() {
        List<String> lines = console().lines().toList();
        List<String> found = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.contains("failed to stop it")
                    || line.contains("of the closed server is still running")) {
                StringBuilder b = new StringBuilder(line);
                for (int j = i + 1; j < lines.size() && j <= i + 25
                        && (lines.get(j).startsWith(" ") || lines.get(j).startsWith("\t")); j++) {
                    b.append('\n').append(lines.get(j));
                }
                found.add(b.toString());
            }
        }
        return found;
    }

    /**
     * Gives the container's JVM a system property (call before {@link #start()}); a WAR's
     * {@code web.xml} can use it as {@code ${name}}: each container replaces it there (Tomcat
     * always, WildFly since {@link WildFly} then turns on its
     * {@code spec-descriptor-property-replacement}).
     */
    final Container withSystemProperty(String name, String value) {
        systemProperties.put(name, value);
        return this;
    }

    /**
     * Gives the container's process an environment variable (call before {@link #start()}),
     * as an operator sets one for the applications: unlike a system property, the value may
     * hold any character (a bcrypt hash's {@code $}s).
     */
    final Container withEnvironment(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /**
     * Every warning so far that the application leaked something when it was undeployed: the
     * threads of {@link #threadsLeftBehind()}, Tomcat's leak warnings (a ThreadLocal not removed,
     * a timer not cancelled: "memory leak"), and the Redis adapter's own "still runs after
     * close()", each with the stack trace lines that follow it.
     */
    final List<String> leakWarnings() {
        List<String> lines = console().lines().toList();
        List<String> found = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.contains("failed to stop it")
                    || line.contains("of the closed server is still running")
                    || line.contains("memory leak")
                    || line.contains("still runs after close()")) {
                StringBuilder b = new StringBuilder(line);
                for (int j = i + 1; j < lines.size() && j <= i + 25
                        && (lines.get(j).startsWith(" ") || lines.get(j).startsWith("\t")); j++) {
                    b.append('\n').append(lines.get(j));
                }
                found.add(b.toString());
            }
        }
        return found;
    }

    /** Starts the container and waits until it is up. */
    final Container start() throws IOException {
        deleteTree(run);
        Files.createDirectories(run);
        ProcessBuilder builder = prepare();
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(environment);
        builder.redirectErrorStream(true)
                .redirectOutput(run.resolve("console.log").toFile())
                .redirectInput(NO_INPUT);
        process = builder.start();
        Process started = process;
        reaper = new Thread(() -> kill(started), "container-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
        try {
            await("boot of " + product()).atMost(BOOT_TIMEOUT)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        if (!started.isAlive()) {
                            throw new AssertionError(product() + " exited with "
                                    + started.exitValue() + "\n" + tail(console()));
                        }
                        return started(console());
                    });
        } catch (RuntimeException | AssertionError e) {
            close();
            throw e;
        }
        return this;
    }

    /**
     * Deploys {@code war} at the root context and waits until {@code probe} (a path) answers
     * 200.
     */
    final void deploy(Path war, String probe) throws IOException {
        this.war = war;
        install(war);
        awaitStatus(probe, 200);
    }

    /** Undeploys the root application and waits until {@code probe} answers 404. */
    final void undeploy(String probe) throws IOException {
        uninstall();
        awaitStatus(probe, 404);
    }

    /** Deploys the last WAR again and waits until {@code probe} answers 200. */
    final void redeploy(String probe) throws IOException {
        reinstall();
        awaitStatus(probe, 200);
    }

    /** The WAR deployed last. */
    final Path war() {
        return war;
    }

    private void awaitStatus(String probe, int expected) {
        try {
            await(probe + " answering " + expected).atMost(DEPLOY_TIMEOUT)
                    .pollInterval(Duration.ofMillis(100)).until(() -> status(probe) == expected);
        } catch (RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\n" + tail(console()), e);
        }
    }

    /** The HTTP status of a GET of {@code path}, or -1 when the connection fails. */
    final int status(String path) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url() + path))
                    .timeout(Duration.ofSeconds(5)).GET().build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The container's JVM: the java process the start command runs or started. */
    final ProcessHandle jvm() {
        return Stream.concat(Stream.of(process.toHandle()), process.descendants())
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no java process under " + process.pid()));
    }

    /**
     * The names of the library's MBeans ({@code io.github.socketiojakarta:type=SocketIoServer})
     * in the container's platform MBean server, read over the JVM's local JMX agent (started
     * through the Attach API if it is not running yet).
     */
    final java.util.Set<String> socketIoMBeans() throws Exception {
        com.sun.tools.attach.VirtualMachine vm = com.sun.tools.attach.VirtualMachine.attach(
                Long.toString(jvm().pid()));
        try {
            String address = vm.startLocalManagementAgent();
            try (javax.management.remote.JMXConnector jmx =
                    javax.management.remote.JMXConnectorFactory.connect(
                            new javax.management.remote.JMXServiceURL(address))) {
                java.util.Set<String> names = new java.util.TreeSet<>();
                for (javax.management.ObjectName n : jmx.getMBeanServerConnection().queryNames(
                        new javax.management.ObjectName(
                                "io.github.socketiojakarta:type=SocketIoServer,*"), null)) {
                    names.add(n.toString());
                }
                return names;
            }
        } finally {
            vm.detach();
        }
    }

    /** The names of the live threads of the container's JVM, from {@code jcmd Thread.print}. */
    final List<String> threadNames() throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(jvm().pid()),
                "Thread.print").redirectErrorStream(true).redirectInput(NO_INPUT).start();
        byte[] out = dump.getInputStream().readAllBytes();
        if (!dump.waitFor(30, TimeUnit.SECONDS) || dump.exitValue() != 0) {
            throw new AssertionError("jcmd failed: " + new String(out, StandardCharsets.UTF_8));
        }
        List<String> names = new ArrayList<>();
        for (String line : new String(out, StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("\"")) {
                int end = line.indexOf('"', 1);
                if (end > 0) {
                    names.add(line.substring(1, end));
                }
            }
        }
        return names;
    }

    /** Stops the process tree: politely first, then by force. */
    @Override
    public void close() {
        if (process == null) {
            return;
        }
        kill(process);
        if (reaper != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(reaper);
            } catch (IllegalStateException ignored) {
                // the JVM is shutting down: the hook runs anyway
            }
        }
        process = null;
    }

    private static void kill(Process process) {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (ProcessHandle p : tree) {
            try {
                p.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        }
        tree.forEach(ProcessHandle::destroyForcibly);
    }

    /** Copies a WAR into a deployment directory under its final name in one atomic move. */
    static void drop(Path war, Path directory, String name) throws IOException {
        Path partial = directory.resolveSibling(name + ".partial");
        Files.copy(war, partial, StandardCopyOption.REPLACE_EXISTING);
        Files.move(partial, directory.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    /** The last lines of a log, for failure messages. */
    static String tail(String text) {
        int max = 12_000;
        return text.length() <= max ? text : "[...]" + text.substring(text.length() - max);
    }

    /** Copies a directory tree. */
    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    /** Replaces one exact piece of a configuration file; fails if it is not there once. */
    static void patch(Path file, String from, String to) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int at = text.indexOf(from);
        if (at < 0 || text.indexOf(from, at + 1) >= 0) {
            throw new IllegalStateException(file + ": expected exactly one " + from);
        }
        Files.writeString(file, text.replace(from, to), StandardCharsets.UTF_8);
    }

    /** An existing path given as a system property by the build. */
    static Path property(String name) {
        Path path = path(name);
        if (!Files.exists(path)) {
            throw new UncheckedIOException(new IOException(name + ": no such file " + path));
        }
        return path;
    }

    /** A path given as a system property by the build, existing or not. */
    static Path path(String name) {
        String value = Optional.ofNullable(System.getProperty(name))
                .orElseThrow(() -> new IllegalStateException("system property " + name
                        + " not set: run with mvn verify -Pcontainers"));
        return Path.of(value);
    }
}
