package io.github.socketiojakarta.example;

import io.github.socketiojakarta.testing.NodeScript;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs the chat's Node.js scenario scripts of {@code src/test/browser} (the browser scenario
 * with {@code playwright-core}, the protocol check with {@code socket.io-client}), installing
 * their packages with {@code npm ci} first when needed.
 *
 * <p>Contract of a script (see {@code src/test/browser/lib.mjs}): started as
 * {@code node <script> '<argsJson>'} in {@code src/test/browser}, it prints exactly one JSON
 * line on stdout at the end; before that, a stdout line {@code @<request>} asks the test for
 * something, and the script waits for one answer line on its stdin. The answers come from the
 * {@code signals} function, called on the thread that reads stdout, one request at a time.
 * Diagnostics go to stderr. The script has its own watchdog ({@code timeoutMs}); the Java
 * {@code timeout} should be a little longer, and on its expiry the process tree (browser
 * included) is killed.
 *
 * <p>{@code node} and {@code npm} are taken as {@link NodeScript} does: the system properties
 * {@code node.executable} / {@code npm.executable}, the variables {@code NODE} / {@code NPM},
 * else the {@code PATH}.
 */
final class ChatScenario {
    private static final Duration NPM_CI_TIMEOUT = Duration.ofMinutes(5);
    private static boolean installed;

    private ChatScenario() {}

    /** The module directory, from the {@code basedir} property Maven sets. */
    static Path moduleDir() {
        String basedir = System.getProperty("basedir");
        return (basedir == null || basedir.isBlank() ? Path.of("") : Path.of(basedir))
                .toAbsolutePath().normalize();
    }

    /** {@code src/test/browser}: the scripts, their package.json and node_modules. */
    static Path scriptDir() {
        return moduleDir().resolve("src/test/browser");
    }

    /** The exploded WAR that {@code mvn package} builds. */
    static Path warDir() {
        return moduleDir().resolve("target/example-war-0.1.0-SNAPSHOT");
    }

    /**
     * Runs a script and returns its result line (a failed scenario is returned, not thrown:
     * check it with {@code assertOk()}).
     *
     * @throws AssertionError when the script does not finish in time or prints no JSON line
     */
    static NodeScript.JsonResult run(String script, JsonObject args, Duration timeout,
            Function<String, String> signals) throws InterruptedException {
        ensureInstalled();
        List<String> command = List.of(executable("node.executable", "NODE", "node"), script,
                args.toString());
        Process process;
        try {
            process = new ProcessBuilder(command).directory(scriptDir().toFile()).start();
        } catch (IOException e) {
            throw new AssertionError("cannot start " + command + " (is node installed?)", e);
        }
        try {
            Drain err = Drain.start(process.getErrorStream(), "stderr-" + script);
            List<String> lines = new ArrayList<>();
            Thread out = new Thread(() -> readStdout(process, lines, signals), "stdout-" + script);
            out.setDaemon(true);
            out.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                destroyTree(process);
                throw new AssertionError("node " + script + " did not finish within " + timeout
                        + " and was killed" + describe(lines, err.text()));
            }
            out.join(TimeUnit.SECONDS.toMillis(10));
            String stderr = err.text();
            System.err.print(stderr); // the script's step log, in the test's output file
            String last;
            synchronized (lines) {
                last = lines.isEmpty() ? null : lines.get(lines.size() - 1);
            }
            if (last == null) {
                throw new AssertionError("node " + script + " exited with " + process.exitValue()
                        + " and printed no result" + describe(lines, stderr));
            }
            try (JsonReader reader = Json.createReader(new StringReader(last))) {
                return new NodeScript.JsonResult(reader.readObject(), stderr, process.exitValue());
            } catch (JsonException | IllegalStateException e) {
                throw new AssertionError("node " + script + ": the last line is not a JSON object"
                        + describe(lines, stderr), e);
            }
        } finally {
            destroyTree(process);
        }
    }

    /** Collects stdout's lines; answers the {@code @request} lines on stdin. */
    private static void readStdout(Process process, List<String> lines,
            Function<String, String> signals) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                process.getInputStream(), StandardCharsets.UTF_8));
                Writer answers = new OutputStreamWriter(process.getOutputStream(),
                        StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("@")) {
                    String answer;
                    try {
                        answer = signals.apply(line.substring(1));
                    } catch (RuntimeException e) {
                        answer = "error " + e;
                    }
                    answers.write(answer.replace('\n', ' ') + "\n");
                    answers.flush();
                } else if (!line.isBlank()) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                }
            }
        } catch (IOException e) {
            // the process ended or was killed: what was read is kept
        }
    }

    /**
     * Runs {@code npm ci} in {@link #scriptDir()} when {@code node_modules} is missing or older
     * than {@code package-lock.json}; once per JVM, under a file lock in {@code target/}.
     */
    static synchronized void ensureInstalled() throws InterruptedException {
        if (installed) {
            return;
        }
        Path dir = scriptDir();
        if (needsInstall(dir)) {
            Path lockFile = moduleDir().resolve("target/browser-npm-ci.lock");
            try {
                Files.createDirectories(lockFile.getParent());
                try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
                    if (lock.isValid() && needsInstall(dir)) {
                        npmCi(dir);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot lock " + lockFile, e);
            }
        }
        installed = true;
    }

    private static boolean needsInstall(Path dir) {
        // npm writes node_modules/.package-lock.json at the end of every install
        Path marker = dir.resolve("node_modules/.package-lock.json");
        try {
            return !Files.isRegularFile(marker) || Files.getLastModifiedTime(marker)
                    .compareTo(Files.getLastModifiedTime(dir.resolve("package-lock.json"))) < 0;
        } catch (IOException e) {
            return true;
        }
    }

    private static void npmCi(Path dir) throws InterruptedException {
        List<String> command = List.of(executable("npm.executable", "NPM", "npm"), "ci",
                "--no-audit", "--no-fund");
        Process process;
        try {
            process = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("cannot start " + command + " (is npm installed?)", e);
        }
        try {
            process.getOutputStream().close();
            Drain out = Drain.start(process.getInputStream(), "npm-ci");
            if (!process.waitFor(NPM_CI_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("npm ci did not finish within " + NPM_CI_TIMEOUT
                        + " in " + dir + "\n" + out.text());
            }
            if (process.exitValue() != 0) {
                throw new AssertionError("npm ci failed in " + dir + "\n" + out.text());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            destroyTree(process);
        }
    }

    private static String executable(String property, String env, String fallback) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? fallback : value;
    }

    /** Kills the process and everything it started (the browser's processes). */
    private static void destroyTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static String describe(List<String> stdout, String stderr) {
        String out;
        synchronized (stdout) {
            out = String.join("\n", stdout);
        }
        return "\n--- stdout ---\n" + out + "\n--- stderr ---\n" + stderr;
    }

    /** Reads a stream to its end on a daemon thread. */
    private static final class Drain {
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final Thread thread;

        private Drain(InputStream in, String name) {
            thread = new Thread(() -> {
                byte[] chunk = new byte[8192];
                try (in) {
                    int n;
                    while ((n = in.read(chunk)) >= 0) {
                        synchronized (buffer) {
                            buffer.write(chunk, 0, n);
                        }
                    }
                } catch (IOException ignored) {
                    // the process was killed
                }
            }, name);
            thread.setDaemon(true);
        }

        static Drain start(InputStream in, String name) {
            Drain drain = new Drain(in, name);
            drain.thread.start();
            return drain;
        }

        /** Waits a little for the end of the stream; returns what was read. */
        String text() throws InterruptedException {
            thread.join(TimeUnit.SECONDS.toMillis(5));
            synchronized (buffer) {
                return buffer.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
