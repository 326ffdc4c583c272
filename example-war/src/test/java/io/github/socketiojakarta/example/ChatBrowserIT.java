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
 * that it reconnects, joins the room again by itself and goes on chatting. Once per transport
 * choice of the page. Screenshots of each step go to {@code target/screenshots/<transports>/}.
 *
 * <p>An integration test (Failsafe): it needs the exploded WAR of the {@code package} phase.
 * The browser is {@code /usr/bin/chromium} unless the {@code CHROMIUM} variable names another.
 */
class ChatBrowserIT {
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(120);

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
        Path target = ChatScenario.moduleDir().resolve("target");
        Path userDataDir = Files.createTempDirectory(
                Files.createDirectories(target.resolve("chromium-profiles")), transports + "-");
        try (ChatLauncher chat = ChatLauncher.start(0, ChatScenario.warDir(), true)) {
            JsonObject args = Json.createObjectBuilder()
                    .add("url", "http://127.0.0.1:" + chat.port())
                    .add("transports", transports)
                    .add("chromium", chromium())
                    .add("userDataDir", userDataDir.toString())
                    .add("screenshots", target.resolve("screenshots").resolve(transports).toString())
                    .add("timeoutMs", SCRIPT_TIMEOUT.minusSeconds(15).toMillis())
                    .build();

            NodeScript.JsonResult result = ChatScenario.run("chat-browser.mjs", args,
                    SCRIPT_TIMEOUT, request -> answer(chat, request));

            result.assertOk();
            assertThat(result.number("screenshots")).isGreaterThanOrEqualTo(10);
            if (!transports.equals("default")) {
                assertThat(result.string("transportBefore")).isEqualTo(transports);
                assertThat(result.string("transportAfter")).isEqualTo(transports);
            }
        } finally {
            deleteTree(userDataDir);
        }
    }

    /** Best effort: a profile left behind in target/ must not hide the test's own failure. */
    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not delete " + dir + ": " + e);
        }
    }

    /** The script's requests: {@code drop <nickname>} closes that user's connection. */
    private static String answer(ChatLauncher chat, String request) {
        if (request.startsWith("drop ")) {
            return "dropped " + chat.dropConnections(request.substring("drop ".length()));
        }
        return "unknown request";
    }

    private static String chromium() {
        String env = System.getenv("CHROMIUM");
        return env == null || env.isBlank() ? "/usr/bin/chromium" : env;
    }
}
