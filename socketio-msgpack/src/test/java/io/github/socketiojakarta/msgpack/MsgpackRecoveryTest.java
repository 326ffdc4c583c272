package io.github.socketiojakarta.msgpack;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.socketiojakarta.testing.NodeScript;
import io.github.socketiojakarta.testing.SocketIoTestServer;
import io.github.socketiojakarta.testing.TransportMode;
import jakarta.json.JsonArray;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Connection state recovery with the msgpack parser: the offset the server appends to every
 * stored event is encoded inside the msgpack map (the event is encoded again, with the offset
 * as its last argument), the official client keeps it and comes back with it, and gets the
 * event it missed, binary inside, on the same socket.
 */
class MsgpackRecoveryTest {

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void aMsgpackClientRecoversWhatItMissed(TransportMode mode) {
        try (SocketIoTestServer server = SocketIoTestServer.start(
                b -> b.parser(new MsgpackParser())
                        .connectionStateRecovery(Duration.ofMinutes(2), true),
                io -> io.onConnection(socket -> {
                    if (!socket.recovered()) {
                        socket.join("lobby");
                    }
                    socket.on("chat", e -> {
                        socket.to("lobby").emit("chat", e.args().get(0));
                        e.ack();
                    });
                }))) {
            NodeScript.JsonResult r = NodeScript.run("msgpack-recovery.mjs", "{\"url\":\""
                    + server.url() + "\",\"transports\":" + mode.transportsJson()
                    + ",\"timeoutMs\":15000}", Duration.ofSeconds(25)).assertOk();

            assertThat(r.json().getJsonArray("chats").toString()).isEqualTo(
                    "[{\"text\":\"before\",\"bin\":{\"bin\":[1]}},"
                            + "{\"text\":\"while away\",\"bin\":{\"bin\":[2]}}]");
            JsonArray connects = r.json().getJsonArray("connects");
            assertThat(connects).hasSize(2);
            assertThat(connects.getJsonObject(0).getBoolean("recovered")).isFalse();
            assertThat(connects.getJsonObject(1).getBoolean("recovered")).isTrue();
            assertThat(connects.getJsonObject(1).getString("id"))
                    .isEqualTo(connects.getJsonObject(0).getString("id"));
        }
    }
}
