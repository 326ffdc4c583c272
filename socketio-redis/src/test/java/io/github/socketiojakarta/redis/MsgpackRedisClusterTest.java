package io.github.socketiojakarta.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.socketiojakarta.msgpack.MsgpackParser;
import io.github.socketiojakarta.server.SocketIoServer;
import io.github.socketiojakarta.testing.NodeScript;
import io.github.socketiojakarta.testing.SocketIoTestServer;
import jakarta.json.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two Java nodes with the msgpack parser on a real Redis: a broadcast from a client of one node
 * reaches a msgpack client of the other, binary and all, because the node that receives it from
 * Redis encodes it with the server's parser ({@code NamespaceHandle.encode}). The clients are
 * the official ones with {@code socket.io-msgpack-parser}, from the msgpack module's tree.
 */
class MsgpackRedisClusterTest {

    /** The msgpack module's Node.js tree, which has the parser. */
    static Path msgpackScripts() {
        return NodeScript.moduleDir().resolve("../socketio-msgpack/src/test/js").normalize();
    }

    private static void setUp(SocketIoServer io) {
        io.onConnection(socket -> {
            socket.emit("welcome", Map.of("id", socket.id()));
            socket.on("join", e -> {
                socket.join((String) e.args().get(0));
                e.ack("ok");
            });
            socket.on("to-room", e -> socket.to((String) e.args().get(0))
                    .emit("room-msg", e.args().get(1)));
        });
    }

    @Test
    void aBroadcastThroughRedisReachesAMsgpackClientOnTheOtherNode() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start();
                RedisAdapterFactory factoryA = RedisAdapterFactory.connect(redis.uri(),
                        RedisAdapterOptions.DEFAULTS.withKey("msgpack-cluster"));
                RedisAdapterFactory factoryB = RedisAdapterFactory.connect(redis.uri(),
                        RedisAdapterOptions.DEFAULTS.withKey("msgpack-cluster"));
                SocketIoTestServer a = SocketIoTestServer.start(
                        o -> o.parser(new MsgpackParser()).adapter(factoryA),
                        MsgpackRedisClusterTest::setUp);
                SocketIoTestServer b = SocketIoTestServer.start(
                        o -> o.parser(new MsgpackParser()).adapter(factoryB),
                        MsgpackRedisClusterTest::setUp)) {
            for (SocketIoTestServer node : new SocketIoTestServer[] {a, b}) {
                ((RedisAdapter) node.io().of("/").adapter()).ready().get(10, TimeUnit.SECONDS);
            }
            NodeScript.JsonResult r = NodeScript.runInteractive(msgpackScripts(),
                    "cluster-room.mjs", Json.createObjectBuilder().add("urlA", a.url())
                            .add("urlB", b.url()).add("timeoutMs", 15000).build(),
                    Duration.ofSeconds(25), request -> "").assertOk();

            assertThat(r.json().getJsonObject("received").toString()).isEqualTo(
                    "{\"from\":\"A\",\"deep\":[[{\"bin\":[7,8]}]],\"n\":1.25}");
        }
    }
}
