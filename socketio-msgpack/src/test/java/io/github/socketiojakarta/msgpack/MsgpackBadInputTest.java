package io.github.socketiojakarta.msgpack;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.socketiojakarta.server.DisconnectReason;
import io.github.socketiojakarta.testing.LogCapture;
import io.github.socketiojakarta.testing.NodeScript;
import io.github.socketiojakarta.testing.SocketIoTestServer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad msgpack from a connected client (written raw, past the official client's encoder): the
 * connection closes with the disconnect reason "parse error", the server logs the typed reason
 * in one line, and nothing is logged as a warning or with a stack trace.
 */
class MsgpackBadInputTest {

    /** {@code {type: 2, nsp: "/", data: ["e", <value>]}} around one value's bytes. */
    private static String event(String valueHex) {
        return "83a474797065" + "02" + "a36e7370a12f" + "a464617461" + "92a165" + valueHex;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "too deep, TOO_LARGE, websocket",
        "too deep, TOO_LARGE, polling",
        "huge declared array, MALFORMED_BINARY, websocket",
        "truncated, MALFORMED_BINARY, polling",
        "reserved name, RESERVED_EVENT_NAME, websocket",
    })
    void badPacketsCloseTheConnectionWithATypedReason(String what, String reason,
            String transport) throws Exception {
        String hex = switch (what) {
            case "too deep" -> event("91".repeat(100) + "01");
            case "huge declared array" -> event("ddffffffff");
            case "truncated" -> event("a5616263");
            default -> "83a474797065" + "02" + "a36e7370a12f" + "a464617461" + "91aa646973636f6e6e656374";
        };
        CompletableFuture<DisconnectReason> closed = new CompletableFuture<>();
        try (LogCapture log = new LogCapture();
                SocketIoTestServer server = SocketIoTestServer.start(
                        b -> b.parser(new MsgpackParser()),
                        io -> io.onConnection(s -> s.onDisconnect((socket, r) -> closed.complete(r))))) {
            NodeScript.JsonResult r = NodeScript.run("bad-packet.mjs", "{\"url\":\""
                    + server.url() + "\",\"transports\":[\"" + transport + "\"],\"hex\":\"" + hex
                    + "\",\"timeoutMs\":10000}", Duration.ofSeconds(20)).assertOk();

            assertThat(r.string("reason")).isEqualTo("transport close");
            assertThat(closed.get(10, TimeUnit.SECONDS)).isEqualTo(DisconnectReason.PARSE_ERROR);
            assertThat(log.has("invalid binary packet: " + reason, "closing")).as(log.all())
                    .isTrue();
            assertThat(log.firstAtLeast(Level.WARNING)).as(log.all()).isNull();
            assertThat(log.all()).doesNotContain("\tat ", "Exception");
        }
    }
}
