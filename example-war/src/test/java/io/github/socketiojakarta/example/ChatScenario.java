package io.github.socketiojakarta.example;

import io.github.socketiojakarta.testing.NodeScript;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
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
        return NodeScript.runInteractive(scriptDir(), script, args, timeout, signals);
    }
}
