package io.github.socketiojakarta.msgpack;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.socketiojakarta.testing.LogCapture;
import io.github.socketiojakarta.testing.NodeScript;
import io.github.socketiojakarta.testing.SocketIoTestServer;
import jakarta.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A client whose parser is not the server's gets what the Node.js reference (socket.io 4.8 with
 * or without {@code socket.io-msgpack-parser}, run by the same script) gives it: its first
 * packet closes the connection, and the client sees {@code disconnect} ("transport close"),
 * never {@code connect_error}. The server says why in one log line.
 */
class MismatchedParserTest {

    @ParameterizedTest(name = "{0} client, {1} server, {2}")
    @CsvSource({
        "default, msgpack, websocket",
        "default, msgpack, polling",
        "msgpack, default, websocket",
        "msgpack, default, polling",
    })
    void aClientWithAnotherParserIsTreatedAsByTheReference(String clientParser,
            String serverParser, String transport) {
        String common = "\"clientParser\":\"" + clientParser + "\",\"transports\":[\""
                + transport + "\"],\"timeoutMs\":10000";
        JsonObject reference = NodeScript.run("mismatch.mjs", "{" + common
                + ",\"serverParser\":\"" + serverParser + "\"}", Duration.ofSeconds(20))
                .assertOk().json();
        assertThat(reference.getString("managerClose")).isEqualTo("transport close");
        assertThat(reference.getJsonArray("events").toString())
                .isEqualTo("[{\"event\":\"disconnect\",\"arg\":\"transport close\"}]");

        try (LogCapture log = new LogCapture();
                SocketIoTestServer server = SocketIoTestServer.start(b -> {
                    if (serverParser.equals("msgpack")) {
                        b.parser(new MsgpackParser());
                    }
                }, io -> io.onConnection(s -> s.emit("welcome")))) {
            JsonObject ours = NodeScript.run("mismatch.mjs", "{" + common + ",\"url\":\""
                    + server.url() + "\"}", Duration.ofSeconds(20)).assertOk().json();

            assertThat(ours).isEqualTo(reference);
            assertThat(log.has("its first packet does not decode with the server's \""
                    + serverParser + "\" parser", "must use the same parser"))
                    .as(log.all()).isTrue();
        }
    }
}
