package io.github.socketiojakarta.msgpack;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.socketiojakarta.redis.RedisAdapter;
import io.github.socketiojakarta.redis.RedisAdapterFactory;
import io.github.socketiojakarta.redis.RedisAdapterOptions;
import io.github.socketiojakarta.redis.RedisServerProcess;
import io.github.socketiojakarta.testing.NodeScript;
import io.github.socketiojakarta.testing.SocketIoTestServer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two Java nodes with the msgpack parser on a real Redis (the Redis adapter): a broadcast from a
 * client of one node reaches a msgpack client of the other, binary and all, because the node
 * that receives it from Redis encodes it with the server's parser.
 */
class MsgpackRedisClusterTest {

    @Test
    void aBroadcastThroughRedisReachesAMsgpackClientOnTheOtherNode() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start();
                RedisAdapterFactory factoryA = RedisAdapterFactory.connect(redis.uri(),
                        RedisAdapterOptions.DEFAULTS.withKey("msgpack-cluster"));
                RedisAdapterFactory factoryB = RedisAdapterFactory.connect(redis.uri(),
                        RedisAdapterOptions.DEFAULTS.withKey("msgpack-cluster"));
                SocketIoTestServer a = SocketIoTestServer.start(
                        b -> b.parser(new MsgpackParser()).adapter(factoryA),
                        MsgpackClientTest::setUp);
                SocketIoTestServer b = SocketIoTestServer.start(
                        o -> o.parser(new MsgpackParser()).adapter(factoryB),
                        MsgpackClientTest::setUp)) {
            for (SocketIoTestServer node : new SocketIoTestServer[] {a, b}) {
                ((RedisAdapter) node.io().of("/").adapter()).ready().get(10, TimeUnit.SECONDS);
            }
            NodeScript.JsonResult r = NodeScript.run("cluster-room.mjs", "{\"urlA\":\"" + a.url()
                    + "\",\"urlB\":\"" + b.url() + "\",\"timeoutMs\":15000}",
                    Duration.ofSeconds(25)).assertOk();

            assertThat(r.json().getJsonObject("received").toString()).isEqualTo(
                    "{\"from\":\"A\",\"deep\":[[{\"bin\":[7,8]}]],\"n\":1.25}");
        }
    }
}
