package io.github.socketiojakarta.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.socketiojakarta.testing.NodeScript;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Admin UI on a mixed cluster: two Java nodes of the feature fixture and one Node.js node
 * running {@code @socket.io/admin-ui} 0.5.1 ({@code ADMIN=basic} on each) on a real
 * redis-server with the pub/sub adapter. An admin socket (the official socket.io-client, as
 * the UI) on a Java node, then on the Node.js node, sees the three servers' statistics and a
 * client of another node, joins it to a room and disconnects it through Redis
 * ({@code src/test/js/cluster-admin.mjs}).
 */
class MixedAdminClusterTest {
    private static final Map<String, String> ADMIN = Map.of("ADMIN", "basic");

    private static JsonObject drive(FixtureNode admin, FixtureNode client) {
        String args = "{\"urls\":[\"" + admin.url() + "\",\"" + client.url() + "\"],"
                + "\"serverIds\":[\"j1\",\"j2\",\"n1\"],\"timeoutMs\":25000}";
        return NodeScript.run("cluster-admin.mjs", args, Duration.ofSeconds(35)).assertOk()
                .json();
    }

    @Test
    void theUiSeesAllThreeServersFromAJavaNodeAndFromTheNodeJsNode() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start();
                FixtureNode j1 = FixtureNode.start(FixtureNode.Kind.JAVA, "j1", "redis",
                        redis.uri(), ADMIN);
                FixtureNode j2 = FixtureNode.start(FixtureNode.Kind.JAVA, "j2", "redis",
                        redis.uri(), ADMIN);
                FixtureNode n1 = FixtureNode.start(FixtureNode.Kind.NODE, "n1", "redis",
                        redis.uri(), ADMIN)) {
            for (List<FixtureNode> pair : List.of(List.of(j1, n1), List.of(n1, j2))) {
                JsonObject r = drive(pair.get(0), pair.get(1));
                String where = pair.get(0).id() + " -> " + pair.get(1).id();
                assertThat(r.getString("wrong")).as(where).isEqualTo("invalid credentials");
                assertThat(r.getJsonArray("serverIds").toString()).as(where)
                        .isEqualTo("[\"j1\",\"j2\",\"n1\"]");
                assertThat(r.getString("clientNode")).as(where).isEqualTo(pair.get(1).id());
                assertThat(r.getJsonArray("rooms").toString()).as(where)
                        .isEqualTo("[\"viaadmin\"]");
                assertThat(r.getString("reason")).as(where).isEqualTo("io server disconnect");
            }
        }
    }
}
