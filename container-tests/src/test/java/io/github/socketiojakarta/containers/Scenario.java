package io.github.socketiojakarta.containers;

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
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs a Node.js scenario script that talks with the test while it runs: a stdout line
 * {@code @<request>} asks the test for something (undeploy, drop a connection), the answer goes
 * back as one line on the script's stdin; the last stdout line is the JSON result. This is the
 * contract of {@code socketio-servlet/src/test/js/containers-*.mjs} and of the example chat's
 * {@code example-war/src/test/browser/*.mjs}. Each script directory gets {@code npm ci} once per
 * JVM when its {@code node_modules} is missing or older than its lock file.
 *
 * <p>{@code node}/{@code npm} are found as {@link NodeScript} finds them.
 */
final class Scenario {
    private static final Set<Path> INSTALLED = new HashSet<>();

    private Scenario() {}

    /** The library's scenario scripts ({@code socketio-servlet/src/test/js}). */
    static Path libraryScripts() {
        return NodeScript.jsDir();
    }

    /** The example chat's scenario scripts ({@code example-war/src/test/browser}). */
    static Path chatScripts() {
        return NodeScript.moduleDir().resolve("../example-war/src/test/browser").normalize();
    }

    /**
     * Runs {@code node <script> <args>} in {@code dir}; {@code answers} answers the script's
     * requests, on the thread that reads its stdout. A failed scenario is returned, not thrown.
     *
     * @throws AssertionError when the script does not end in time or prints no JSON result
     */
    static NodeScript.JsonResult run(Path dir, String script, JsonObject args, Duration timeout,
            Function<String, String> answers) throws InterruptedException, IOException {
        install(dir);
        List<String> command = List.of(executable("node.executable", "NODE", "node"), script,
                args.toString());
        Process process = new ProcessBuilder(command).directory(dir.toFile()).start();
        try {
            Drain err = Drain.start(process.getErrorStream(), "stderr-" + script);
            List<String> lines = new ArrayList<>();
            Thread out = new Thread(() -> readStdout(process, lines, answers), "stdout-" + script);
            out.setDaemon(true);
            out.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("node " + script + " did not end within " + timeout
                        + describe(lines, err.text()));
            }
            out.join(TimeUnit.SECONDS.toMillis(10));
            String stderr = err.text();
            System.err.print(stderr); // the script's log goes to the test's output file
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
                throw new AssertionError("node " + script + ": the last line is no JSON object"
                        + describe(lines, stderr), e);
            }
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    private static void readStdout(Process process, List<String> lines,
            Function<String, String> answers) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                process.getInputStream(), StandardCharsets.UTF_8));
                Writer replies = new OutputStreamWriter(process.getOutputStream(),
                        StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("@")) {
                    String answer;
                    try {
                        answer = answers.apply(line.substring(1));
                    } catch (RuntimeException | AssertionError e) {
                        synchronized (lines) {
                            lines.add("(answering " + line + " failed: " + e + ")");
                        }
                        answer = "failed: " + e;
                    }
                    replies.write(answer.replace('\n', ' ') + "\n");
                    replies.flush();
                } else if (!line.isBlank()) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                }
            }
        } catch (IOException e) {
            // the script ended or was killed; what was read is kept
        }
    }

    private static synchronized void install(Path dir) throws InterruptedException, IOException {
        if (!INSTALLED.add(dir) || !needsInstall(dir)) {
            return;
        }
        Process npm = new ProcessBuilder(executable("npm.executable", "NPM", "npm"), "ci",
                "--no-audit", "--no-fund").directory(dir.toFile()).redirectErrorStream(true).start();
        npm.getOutputStream().close();
        Drain out = Drain.start(npm.getInputStream(), "npm-ci");
        if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
            npm.destroyForcibly();
            INSTALLED.remove(dir);
            throw new AssertionError("npm ci failed in " + dir + "\n" + out.text());
        }
    }

    private static boolean needsInstall(Path dir) {
        Path marker = dir.resolve("node_modules/.package-lock.json");
        try {
            return !Files.isRegularFile(marker) || Files.getLastModifiedTime(marker)
                    .compareTo(Files.getLastModifiedTime(dir.resolve("package-lock.json"))) < 0;
        } catch (IOException e) {
            return true;
        }
    }

    private static String executable(String property, String env, String fallback) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? fallback : value;
    }

    private static String describe(List<String> stdout, String stderr) {
        String out;
        synchronized (stdout) {
            out = String.join("\n", stdout);
        }
        return "\n--- stdout ---\n" + out + "\n--- stderr ---\n" + Container.tail(stderr);
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
                    // the process ended
                }
            }, name);
            thread.setDaemon(true);
        }

        static Drain start(InputStream in, String name) {
            Drain d = new Drain(in, name);
            d.thread.start();
            return d;
        }

        String text() {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (buffer) {
                return buffer.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
