package io.github.socketiojakarta.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.socketiojakarta.testing.NodeScript;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Connection state recovery in the chat page, in real browsers
 * ({@code src/test/browser/chat-recovery.mjs}, the system's Chromium driven by
 * {@code playwright-core}) against the packaged WAR on embedded Tomcat, whose {@code web.xml}
 * turns recovery on. Alice's page goes through a TCP proxy of the script that is cut (her
 * network drops, her page stays open); this test confirms that the server saw her socket go;
 * bob sends three messages; when the proxy is back, alice's page shows the three messages once
 * and in order, says "reconnected", sends no second {@code join} and keeps the entries it had
 * (no history reload), and the server has her socket again with the same id and
 * {@code recovered()} true. Screenshots go to {@code target/screenshots/recovery/}.
 */
class ChatRecoveryBrowserIT {
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(90);

    @BeforeAll
    static void browserIsInstalled() {
        ChatBrowserIT.browserIsInstalled();
    }

    @Test
    void aUserWhoseNetworkDroppedGetsWhatSheMissedOnceWithoutReloadingTheRoom() throws Exception {
        Path target = ChatScenario.moduleDir().resolve("target");
        Path userDataDir = Files.createTempDirectory(
                Files.createDirectories(target.resolve("chromium-profiles")), "recovery-");
        try (ChatLauncher chat = ChatLauncher.start(0, ChatScenario.warDir(), true)) {
            JsonObject args = Json.createObjectBuilder()
                    .add("url", "http://127.0.0.1:" + chat.port())
                    .add("chromium", ChatBrowserIT.chromium())
                    .add("userDataDir", userDataDir.toString())
                    .add("screenshots", target.resolve("screenshots").resolve("recovery").toString())
                    .add("timeoutMs", SCRIPT_TIMEOUT.minusSeconds(15).toMillis())
                    .build();

            NodeScript.JsonResult result = ChatScenario.run("chat-recovery.mjs", args,
                    SCRIPT_TIMEOUT, request -> answer(chat, request));

            result.assertOk();
            String before = result.string("before");
            assertThat(before).endsWith(" recovered=false");
            assertThat(result.string("after"))
                    .isEqualTo(before.replace("recovered=false", "recovered=true"));
            assertThat(result.strings("aliceSees")).containsExactly("before the drop",
                    "missed one", "missed two", "missed three");
            assertThat(result.number("joinsAfterDrop")).isZero();
        } finally {
            ChatBrowserIT.deleteTree(userDataDir);
        }
    }

    /**
     * {@code sockets <nickname>}: the user's connected sockets on the server;
     * {@code gone <nickname>}: answered once the server has none left (the drop reached it).
     */
    private static String answer(ChatLauncher chat, String request) {
        if (request.startsWith("sockets ")) {
            return String.join(",", chat.sockets(request.substring("sockets ".length())));
        }
        if (request.startsWith("gone ")) {
            String nickname = request.substring("gone ".length());
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> chat.sockets(nickname).isEmpty());
                return "gone";
            } catch (ConditionTimeoutException e) {
                return "still connected: " + chat.sockets(nickname);
            }
        }
        return "unknown request";
    }
}
