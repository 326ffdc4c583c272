package io.github.socketiojakarta.containers;

import io.github.socketiojakarta.testing.NodeScript;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
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
        return NodeScript.runInteractive(dir, script, args, timeout, answers);
    }
}
