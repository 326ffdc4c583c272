package io.github.socketiojakarta.msgpack;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.socketiojakarta.admin.AdminOptions;
import io.github.socketiojakarta.admin.AdminUi;
import io.github.socketiojakarta.testing.NodeScript;
import io.github.socketiojakarta.testing.SocketIoTestServer;
import jakarta.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The Admin UI's namespace on a server with the msgpack parser: the UI's own connection (its
 * "msgpack" parser option) gets the config, the server statistics and the sockets, encoded by
 * the server's parser like every namespace's packets.
 */
class MsgpackAdminUiTest {

    @Test
    void theAdminNamespaceSpeaksTheServersParser() {
        try (SocketIoTestServer server = SocketIoTestServer.start(
                b -> b.parser(new MsgpackParser()), io -> AdminUi.instrument(io,
                        AdminOptions.builder().noAuth().serverId("mp-node")
                                .statsInterval(Duration.ofMillis(200)).build()))) {
            JsonObject r = NodeScript.run("admin-msgpack.mjs", "{\"url\":\"" + server.url()
                    + "\",\"timeoutMs\":15000}", Duration.ofSeconds(25)).assertOk().json();

            assertThat(r.getJsonObject("config").getJsonArray("supportedFeatures")).isNotEmpty();
            assertThat(r.getJsonObject("stats").getString("serverId")).isEqualTo("mp-node");
            assertThat(r.getJsonArray("sockets").toString())
                    .contains("{\"id\":\"" + r.getString("userId") + "\",\"nsp\":\"/\"}");
        }
    }
}
