package io.github.socketiojakarta.example;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.socketiojakarta.testing.NodeScript;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The chat's events with the official Node.js {@code socket.io-client}
 * ({@code src/test/browser/chat-protocol.mjs}) against the packaged WAR on embedded Tomcat:
 * nickname refusals with their reason, join and leave acks with history and members, presence,
 * message and image (binary) acks and broadcasts, typing, and error acks for bad input. An
 * integration test (Failsafe), as it needs the exploded WAR of the {@code package} phase.
 */
class ChatProtocolIT {
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(60);

    @ParameterizedTest(name = "transport: {0}")
    @ValueSource(strings = {"polling", "websocket"})
    void theChatSpeaksItsProtocolToTheNodeClient(String transport) throws Exception {
        try (ChatLauncher chat = ChatLauncher.start(0, ChatScenario.warDir(), true)) {
            JsonObject args = Json.createObjectBuilder()
                    .add("url", "http://127.0.0.1:" + chat.port())
                    .add("transports", Json.createArrayBuilder().add(transport))
                    .add("timeoutMs", SCRIPT_TIMEOUT.minusSeconds(10).toMillis())
                    .build();

            NodeScript.JsonResult result = ChatScenario.run("chat-protocol.mjs", args,
                    SCRIPT_TIMEOUT, request -> "unknown request");

            result.assertOk();
            assertThat(result.strings("historyKinds")).containsExactly("message", "image");
            assertThat(result.strings("rooms")).containsExactly("general", "lobby-1", "random");
            assertThat(result.json().getJsonObject("refusals").getJsonObject("taken")
                    .getString("reason")).isEqualTo("taken");
        }
    }
}
