package io.github.socketiojakarta.example;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.socketiojakarta.testing.NodeScript;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The chat page in a real browser: the system's Chromium, driven by {@code playwright-core}
 * from {@code src/test/browser/chat-browser.mjs}, against the packaged WAR on embedded Tomcat.
 * Two users log in (after the nickname refusals), join a room, see each other's presence and
 * typing, exchange messages (pending, then delivered) and an image; then this test drops one
 * user's connection on the server when the script asks for it, and that user's page shows
 * that it reconnects and goes on chatting: with connection state recovery (on in the WAR's
 * {@code web.xml}) as the same socket, still in the room, without joining it again; what was
 * written while reconnecting is sent once. Once per transport choice of the page. (A network
 * drop with messages missed meanwhile: {@link ChatRecoveryBrowserIT}.) Screenshots of each step go to {@code target/screenshots/<transports>/}.
 *
 * <p>An integration test (Failsafe): it needs the exploded WAR of the {@code package} phase.
 * The browser is {@code /usr/bin/chromium} unless the {@code CHROMIUM} variable names another.
 */
class ChatBrowserIT {
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(120);

    /** Fails (does not skip) when the browser is missing. */
    @BeforeAll
    static void browserIsInstalled() {
        String chromium = chromium();
        assertThat(Path.of(chromium)).as("the browser (apt-get install chromium, or set CHROMIUM)")
                .isExecutable();
    }

    @ParameterizedTest(name = "transports: {0}")
    @ValueSource(strings = {"default", "polling", "websocket"})
    void twoUsersChatInTheBrowserAndTheDroppedOneReconnectsAndRejoins(String transports)
            throws Exception {
        try (ChatLauncher chat = ChatLauncher.start(0, ChatScenario.warDir(), true)) {
            runScenario(transports, chat, chat, transports, true);
        }
    }

    /**
     * Runs {@code chat-browser.mjs} and checks its result: alice's browser on {@code aliceNode},
     * bob's on {@code bobNode} (the same node, or two nodes of a cluster); {@code @drop alice}
     * drops alice's connection on her node. Screenshots go to
     * {@code target/screenshots/<screenshotsDir>/}. Shared with {@link ChatClusterBrowserIT}.
     *
     * @param recovers whether alice's page must come back as the same socket (connection state
     *     recovery), or must join the room again and reload its history (an adapter that does
     *     not recover)
     */
    static void runScenario(String transports, ChatLauncher aliceNode, ChatLauncher bobNode,
            String screenshotsDir, boolean recovers) throws Exception {
        Path target = ChatScenario.moduleDir().resolve("target");
        Path userDataDir = Files.createTempDirectory(
                Files.createDirectories(target.resolve("chromium-profiles")), screenshotsDir + "-");
        try {
            JsonObject args = Json.createObjectBuilder()
                    .add("url", "http://127.0.0.1:" + aliceNode.port())
                    .add("bobUrl", "http://127.0.0.1:" + bobNode.port())
                    .add("transports", transports)
                    .add("expect", recovers ? "recovered" : "rejoined")
                    .add("chromium", chromium())
                    .add("userDataDir", userDataDir.toString())
                    .add("screenshots", target.resolve("screenshots").resolve(screenshotsDir)
                            .toString())
                    .add("timeoutMs", SCRIPT_TIMEOUT.minusSeconds(15).toMillis())
                    .build();

            NodeScript.JsonResult result = ChatScenario.run("chat-browser.mjs", args,
                    SCRIPT_TIMEOUT, request -> answer(aliceNode, request));

            result.assertOk();
            assertThat(result.number("screenshots")).isGreaterThanOrEqualTo(10);
            assertThat(result.string("reconnection")).isEqualTo(recovers ? "recovered" : "rejoined");
            if (!transports.equals("default")) {
                assertThat(result.string("transportBefore")).isEqualTo(transports);
                assertThat(result.string("transportAfter")).isEqualTo(transports);
            }
        } finally {
            deleteTree(userDataDir);
        }
    }

    /** Best effort: a profile left behind in target/ must not hide the test's own failure. */
    static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not delete " + dir + ": " + e);
        }
    }

    /** The script's requests: {@code drop <nickname>} closes that user's connection there. */
    private static String answer(ChatLauncher chat, String request) {
        if (request.startsWith("drop ")) {
            return "dropped " + chat.dropConnections(request.substring("drop ".length()));
        }
        return "unknown request";
    }

    static String chromium() {
        String env = System.getenv("CHROMIUM");
        return env == null || env.isBlank() ? "/usr/bin/chromium" : env;
    }
}
