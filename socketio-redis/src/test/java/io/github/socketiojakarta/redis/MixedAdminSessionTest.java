package io.github.socketiojakarta.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.socketiojakarta.testing.NodeScript;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The Admin UI's session ids on a mixed cluster: two Java nodes of the feature fixture (their
 * {@link RedisSessionStore}) and one Node.js node ({@code @socket.io/admin-ui}'s
 * {@code RedisStore}), {@code ADMIN=basic} and the pub/sub adapter on a real redis-server. A
 * login with the password on a Java node gives a session id that the other Java node and the
 * Node.js node accept alone, and one given by the Node.js node is accepted by both Java nodes;
 * an id no node gave is refused everywhere; both kinds of key hold the same value and expiry
 * ({@code src/test/js/cluster-admin-session.mjs}).
 */
class MixedAdminSessionTest {
    private static final Map<String, String> ADMIN = Map.of("ADMIN", "basic");

    private static JsonObject drive(String start, FixtureNode... others) {
        StringBuilder reuse = new StringBuilder();
        for (FixtureNode o : others) {
            reuse.append(reuse.length() == 0 ? "" : ",").append('"').append(o.url()).append('"');
        }
        String args = "{" + start + ",\"reuse\":[" + reuse + "],\"timeoutMs\":20000}";
        return NodeScript.run("cluster-admin-session.mjs", args, Duration.ofSeconds(30))
                .assertOk().json();
    }

    private static void assertReused(JsonObject r, String where) {
        assertThat(r.getJsonArray("reused").toString()).as(where)
                .isEqualTo("[\"connected\",\"connected\"]");
        assertThat(r.getJsonArray("unknown").toString()).as(where)
                .isEqualTo("[\"invalid credentials\",\"invalid credentials\"]");
    }

    @Test
    void aSessionGivenByOneNodeIsAcceptedByTheOthers() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start();
                FixtureNode j1 = FixtureNode.start(FixtureNode.Kind.JAVA, "j1", "redis",
                        redis.uri(), ADMIN);
                FixtureNode j2 = FixtureNode.start(FixtureNode.Kind.JAVA, "j2", "redis",
                        redis.uri(), ADMIN);
                FixtureNode n1 = FixtureNode.start(FixtureNode.Kind.NODE, "n1", "redis",
                        redis.uri(), ADMIN)) {
            RedisClient client = RedisClient.create(redis.uri());
            try (StatefulRedisConnection<String, String> raw = client.connect()) {
                RedisCommands<String, String> redisCommands = raw.sync();
                JsonObject fromJava = drive("\"login\":\"" + j1.url() + "\"", j2, n1);
                assertReused(fromJava, "j1 -> j2, n1");
                String javaKey = "socket.io-admin#" + fromJava.getString("session");
                assertThat(redisCommands.ttl(javaKey)).isBetween(86_300L, 86_400L);

                // the Node.js node (recovery on) does not deliver the id it emits from its
                // middleware: it is the key its RedisStore added
                JsonObject onNode = drive("\"login\":\"" + n1.url() + "\"");
                assertThat(onNode.isNull("session")).isTrue();
                // its MULTI is not awaited before the connection is accepted
                List<String> keys = Awaitility.await("the Node.js node's session key")
                        .atMost(Duration.ofSeconds(5))
                        .until(() -> redisCommands.keys("socket.io-admin#*"), k -> k.size() == 2);
                assertThat(keys).contains(javaKey);
                String nodeKey = keys.get(keys.get(0).equals(javaKey) ? 1 : 0);
                // the same value and expiry as the reference's
                assertThat(redisCommands.get(javaKey)).isEqualTo(redisCommands.get(nodeKey))
                        .isEqualTo("true");
                assertThat(redisCommands.ttl(nodeKey)).isBetween(86_300L, 86_400L);
                String nodeSession = nodeKey.substring("socket.io-admin#".length());
                assertReused(drive("\"session\":\"" + nodeSession + "\"", j1, j2), "n1 -> j1, j2");
            } finally {
                client.shutdown();
            }
        }
    }
}
