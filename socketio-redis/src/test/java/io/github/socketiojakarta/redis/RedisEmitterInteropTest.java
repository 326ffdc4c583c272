package io.github.socketiojakarta.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.socketiojakarta.testing.NodeScript;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Node.js {@code @socket.io/redis-emitter} 5.1.0 publishing to a Java node on a real Redis
 * (its uid is {@code "emitter"}, its option keys come in another order, its requests have no
 * uid): {@code src/test/js/emitter.mjs}.
 */
class RedisEmitterInteropTest {
    private RedisServerProcess redis;
    private RedisAdapterFactory factory;

    @BeforeEach
    void start() throws Exception {
        redis = RedisServerProcess.start();
        factory = RedisAdapterFactory.connect(redis.uri(), RedisAdapterOptions.DEFAULTS);
    }

    @AfterEach
    void stop() {
        if (factory != null) {
            factory.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void emitterMessagesReachTheJavaNode() throws Exception {
        FakeNamespace ns = new FakeNamespace("/");
        ns.adapter = factory.create(ns);
        ns.adapter.init();
        factory.adapter("/").ready().get(10, TimeUnit.SECONDS);
        FakeNamespace.Socket inRoom = ns.connect("s1", "room1");
        FakeNamespace.Socket other = ns.connect("s2");
        FakeNamespace.Socket gone = ns.connect("s3", "gone");

        NodeScript.run("emitter.mjs", "{\"redis\":\"" + redis.uri() + "\"}",
                Duration.ofSeconds(30)).assertOk();

        await().atMost(Duration.ofSeconds(10)).until(() -> other.events().contains("e-fence"));
        await().atMost(Duration.ofSeconds(10)).until(() -> inRoom.events().contains("e-fence"));
        assertThat(inRoom.events()).containsExactly("e-room", "e-fence");
        assertThat(other.events()).containsExactly("e-except", "e-fence");
        List<Object> args = inRoom.deliveries.get(0).args();
        assertThat((byte[]) args.get(1)).containsExactly(1, 2);
        assertThat(args.get(2)).isEqualTo(Map.of("n", 1.5));
        // requests are handled in order, before the fence broadcast was published
        assertThat(ns.adapter.socketRooms("s1")).contains("e-joined");
        assertThat(ns.adapter.socketRooms("s2")).doesNotContain("e-joined");
        assertThat(gone.disconnected).isTrue();
        assertThat(ns.serverEvents).containsExactly(List.of("cluster:event", "from-emitter"));
    }
}
