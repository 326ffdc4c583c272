package io.github.socketiojakarta.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.socketiojakarta.redis.FixtureNode.Kind;
import io.github.socketiojakarta.testing.NodeScript;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The control experiment of the nginx scenario: docs/nginx-sticky.conf without its
 * {@code ip_hash} line (nginx's round robin) in front of two Node.js reference nodes. The
 * polling requests of one session then reach both nodes, and the scenario fails; so the
 * scenario's success behind the documented configuration is owed to its stickiness.
 */
class MixedNginxWithoutStickinessTest {
    @Test
    void withoutIpHashPollingSessionsBreakAndTheScenarioFails() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start();
                FixtureNode a = FixtureNode.start(Kind.NODE, "round-robin-1", "redis", redis.uri());
                FixtureNode b = FixtureNode.start(Kind.NODE, "round-robin-2", "redis", redis.uri());
                NginxProcess nginx = NginxProcess.start("127.0.0.1:" + a.port(),
                        "127.0.0.1:" + b.port(), conf -> {
                            assertThat(conf).contains("ip_hash;");
                            return conf.replace("ip_hash;", "");
                        })) {
            NodeScript.JsonResult r = NodeScript.run("nginx-sticky.mjs", "{\"proxy\":\""
                    + nginx.url() + "\",\"nodes\":[" + a.json() + "," + b.json()
                    + "],\"timeoutMs\":15000}", Duration.ofSeconds(25));
            // the handshake reaches one node, the next poll the other ("Session ID unknown")
            assertThat(r.ok()).as("the scenario must fail without stickiness: %s", r).isFalse();
            assertThat(r.error()).contains("not welcomed").containsPattern("\"poll0\",\\[\"xhr (poll|post) error");
        }
    }
}
