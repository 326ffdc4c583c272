package io.github.socketiojakarta.admin;

import static io.github.socketiojakarta.admin.AdminTesting.HASH;
import static io.github.socketiojakarta.admin.AdminTesting.PASSWORD;
import static io.github.socketiojakarta.admin.AdminTesting.USER;
import static io.github.socketiojakarta.admin.AdminTesting.login;
import static io.github.socketiojakarta.admin.AdminTesting.scenario;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.socketiojakarta.testing.NodeScript;
import io.github.socketiojakarta.testing.SocketIoTestServer;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The admin namespace's authentication against the official socket.io-client connecting as the
 * UI does: a login gives a session id the UI receives (after the CONNECT reply) and reconnects
 * with; wrong and missing credentials and unknown session ids are refused; failed logins are
 * limited per address; nothing connects while authentication is not chosen.
 */
class AdminAuthTest {

    private static SocketIoTestServer server(Consumer<AdminOptions.Builder> options) {
        return SocketIoTestServer.start(io -> {
            AdminOptions.Builder b = AdminOptions.builder().serverId("test");
            options.accept(b);
            AdminUi.instrument(io, b.build());
        });
    }

    private static List<String> attempts(String url, JsonObject... auths) {
        JsonArrayBuilder a = Json.createArrayBuilder();
        for (JsonObject o : auths) {
            a.add(o);
        }
        NodeScript.JsonResult r = NodeScript.run("admin-scenario.mjs", Json.createObjectBuilder()
                .add("url", url).add("mode", "logins").add("attempts", a)
                .add("timeoutMs", 15000).build(), Duration.ofSeconds(25)).assertOk();
        return r.strings("outcomes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"$2a", "$2b", "$2y"})
    void aLoginGivesASessionIdAfterConnectThatTheUiReconnectsWith(String prefix) {
        try (SocketIoTestServer s = server(b -> b.basicAuth(USER,
                AdminTesting.hash(prefix, PASSWORD)))) {
            NodeScript.JsonResult r = scenario(s.url(), "login", login(USER, PASSWORD), Map.of());
            // the UI's listener, added on connect, got it: it came after the CONNECT reply
            assertThat(r.json().getString("session")).matches("[0-9a-f]{16}");
            List<String> events = r.strings("events");
            assertThat(events).contains("session", "config");
            assertThat(events.indexOf("session")).isLessThan(events.indexOf("config"));
            assertThat(r.json().getJsonObject("reused").getBoolean("connected")).isTrue();
        }
    }

    @Test
    void wrongOrMissingCredentialsAndUnknownSessionIdsAreRefused() {
        // more failures than the default limit (5) allows: raised here
        try (SocketIoTestServer s = server(b -> b.basicAuth(USER, HASH)
                .failedLoginLimit(100, Duration.ofMinutes(1)))) {
            List<String> outcomes = attempts(s.url(),
                    login(USER, "wrong"),
                    login("someone", PASSWORD),
                    login(USER, null),
                    login(null, PASSWORD),
                    login(null, null),
                    Json.createObjectBuilder().add("sessionId", "0123456789abcdef").build(),
                    Json.createObjectBuilder().add("username", USER).add("password", 42).build(),
                    login(USER, PASSWORD));
            assertThat(outcomes).containsExactly("invalid credentials", "invalid credentials",
                    "invalid credentials", "invalid credentials", "invalid credentials",
                    "invalid credentials", "invalid credentials", "connected");
        }
    }

    @Test
    void failedLoginsAreLimitedPerAddressUntilTheWindowPasses() {
        try (SocketIoTestServer s = server(b -> b.basicAuth(USER, HASH)
                .failedLoginLimit(2, Duration.ofSeconds(2)))) {
            assertThat(attempts(s.url(), login(USER, "a"), login(USER, "b"),
                    login(USER, PASSWORD))).containsExactly("invalid credentials",
                            "invalid credentials", "invalid credentials");
            // refused logins while blocked do not extend the window: it ends
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                    .until(() -> attempts(s.url(), login(USER, PASSWORD)).equals(
                            List.of("connected")));
        }
    }

    @Test
    void withoutChosenAuthenticationEveryConnectionIsRefused() {
        try (SocketIoTestServer s = server(b -> { })) {
            assertThat(attempts(s.url(), login(USER, PASSWORD), login(null, null)))
                    .containsOnly(LoginGuard.UNCONFIGURED);
        }
    }

    @Test
    void noAuthExplicitlyLetsEverybodyIn() {
        try (SocketIoTestServer s = server(AdminOptions.Builder::noAuth)) {
            assertThat(attempts(s.url(), login(null, null), login(USER, "anything")))
                    .containsExactly("connected", "connected");
        }
    }
}
