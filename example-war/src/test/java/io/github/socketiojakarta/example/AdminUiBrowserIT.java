package io.github.socketiojakarta.example;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.socketiojakarta.testing.NodeScript;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * The official Socket.IO Admin UI administering the chat, in the system's Chromium
 * ({@code src/test/browser/admin-ui.mjs}, {@code playwright-core}) against the packaged WAR on
 * embedded Tomcat: the page the WAR serves at {@code /socket.io-admin/} (module
 * {@code socketio-admin}) has the chat's origin in its server field already; the operator logs
 * in with the password whose bcrypt hash the deployment gives (context parameters here, a fresh
 * random password each run); the dashboard counts three clients (two chat users, the UI) in
 * {@code /} and {@code /admin}; the sockets page lists both users, the rooms page their rooms
 * with one socket each; from alice's page the operator joins her to bob's room, where an
 * {@code emit} reaches both of them; the operator disconnects alice, who hears
 * {@code io server disconnect}, and the sockets page lists bob alone; a reload reconnects with
 * the saved session id, without the login form. Screenshots of the login form, the dashboard,
 * the sockets, rooms and socket pages go to {@code target/screenshots/admin-ui/}.
 */
class AdminUiBrowserIT {
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(90);

    @BeforeAll
    static void browserIsInstalled() {
        ChatBrowserIT.browserIsInstalled();
    }

    @Test
    void anOperatorSeesTheChatUsersJoinsOneToARoomEmitsToItAndDisconnectsIt() throws Exception {
        Path target = ChatScenario.moduleDir().resolve("target");
        Path userDataDir = Files.createTempDirectory(
                Files.createDirectories(target.resolve("chromium-profiles")), "admin-ui-");
        byte[] random = new byte[12];
        new SecureRandom().nextBytes(random);
        String password = HexFormat.of().formatHex(random);
        Map<String, String> parameters = Map.of(
                "socketio.admin.username", AdminSetup.USER,
                "socketio.admin.passwordHash", BCrypt.hashpw(password, BCrypt.gensalt(4)));
        try (ChatLauncher chat = ChatLauncher.start(0, ChatScenario.warDir(), true, parameters,
                List.of())) {
            JsonObject args = Json.createObjectBuilder()
                    .add("url", "http://127.0.0.1:" + chat.port())
                    .add("chromium", ChatBrowserIT.chromium())
                    .add("userDataDir", userDataDir.toString())
                    .add("screenshots", target.resolve("screenshots").resolve("admin-ui")
                            .toString())
                    .add("username", AdminSetup.USER)
                    .add("password", password)
                    .add("timeoutMs", SCRIPT_TIMEOUT.minusSeconds(15).toMillis())
                    .build();

            NodeScript.JsonResult r = ChatScenario.run("admin-ui.mjs", args, SCRIPT_TIMEOUT,
                    request -> "unknown request");

            r.assertOk();
            JsonObject result = r.json();
            assertThat(result.getString("prefilled")).isEqualTo("http://127.0.0.1:" + chat.port());
            assertThat(result.getString("path")).isEqualTo("/socket.io");
            assertThat(result.getJsonObject("dashboard").getJsonArray("namespaces").toString())
                    .isEqualTo("[\"/ 2\",\"/admin 1\"]");
            assertThat(result.getBoolean("sessionSaved")).isTrue();
            JsonObject sockets = result.getJsonObject("socketsShown");
            assertThat(sockets.getString("alice")).endsWith(" 127.0.0.1 WebSocket");
            assertThat(sockets.getString("bob")).endsWith(" 127.0.0.1 WebSocket");
            String aliceId = sockets.getString("alice").split(" ")[0];
            String bobId = sockets.getString("bob").split(" ")[0];
            assertThat(result.getJsonObject("roomsShown").toString()).isEqualTo(
                    "{\"general\":\"general PUBLIC 1\",\"random\":\"random PUBLIC 1\"}");
            // the script sorts the names: where the random socket id falls depends on the id
            assertThat(r.strings("aliceRoomsAfterJoin"))
                    .containsExactlyInAnyOrder(aliceId, "general", "random");
            assertThat(r.strings("aliceGot")).containsExactly("from the Admin UI");
            assertThat(r.strings("bobGot")).containsExactly("from the Admin UI");
            assertThat(result.getString("aliceDisconnect")).isEqualTo("io server disconnect");
            assertThat(r.strings("shownAfterDisconnect"))
                    .containsExactly(bobId + " 127.0.0.1 WebSocket");
            assertThat(result.getBoolean("rememberedAfterReload")).isTrue();
            assertThat(result.getInt("screenshots")).isEqualTo(7);
        } finally {
            ChatBrowserIT.deleteTree(userDataDir);
        }
    }
}
