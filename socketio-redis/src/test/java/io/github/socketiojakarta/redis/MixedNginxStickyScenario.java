package io.github.socketiojakarta.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.socketiojakarta.redis.FixtureNode.Kind;
import io.github.socketiojakarta.testing.NodeScript;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * Two feature-fixture nodes ({@code ADAPTER=redis}) on one real Redis behind nginx configured
 * with {@code docs/nginx-sticky.conf} ({@code ip_hash}, WebSocket upgrade headers), driven by
 * {@code src/test/js/nginx-sticky.mjs} with socket.io-client 4.8: polling clients through nginx
 * stay on their node (every {@code whoami} answers the same node), clients upgrade to WebSocket
 * through nginx and stay on their node, and broadcasts (with binaries) and broadcasts with acks
 * emitted on the other node reach every proxied client. Each check of the script is one dynamic
 * test. Subclasses choose which implementation the two nodes run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MixedNginxStickyScenario {
    /** The checks the script makes; fewer means it stopped early. */
    static final int CHECKS = 28;

    private RedisServerProcess redis;
    private final List<FixtureNode> nodes = new ArrayList<>();
    private NginxProcess nginx;
    private JsonObject result;

    /** The implementation of each of the two nodes. */
    abstract List<Kind> kinds();

    @BeforeAll
    void cluster() throws Exception {
        redis = RedisServerProcess.start();
        List<Kind> kinds = kinds();
        for (int i = 0; i < kinds.size(); i++) {
            nodes.add(FixtureNode.start(kinds.get(i), kinds.get(i).label() + "-behind-nginx-"
                    + (i + 1), "redis", redis.uri()));
        }
        nginx = NginxProcess.start("127.0.0.1:" + nodes.get(0).port(),
                "127.0.0.1:" + nodes.get(1).port());
        String args = "{\"proxy\":\"" + nginx.url() + "\",\"nodes\":[" + nodes.get(0).json() + ","
                + nodes.get(1).json() + "],\"timeoutMs\":40000}";
        NodeScript.JsonResult r = NodeScript.run("nginx-sticky.mjs", args, Duration.ofSeconds(50));
        if (!r.ok()) {
            throw new AssertionError(r + "\n--- nginx ---\n" + nginx.output());
        }
        result = r.json();
    }

    @AfterAll
    void stop() {
        if (nginx != null) {
            nginx.close();
        }
        for (FixtureNode n : nodes) {
            n.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void theScriptMadeEveryCheck() {
        assertThat(result.getJsonArray("checks")).hasSize(CHECKS);
    }

    @TestFactory
    Stream<DynamicTest> everyCheckOfTheScriptPasses() {
        return result.getJsonArray("checks").stream().map(JsonValue::asJsonObject)
                .map(c -> DynamicTest.dynamicTest(c.getString("name"), () -> assertThat(
                        c.getBoolean("pass"))
                        .as("%s%nactual:   %s%nexpected: %s", c.getString("name"),
                                c.get("actual"), c.get("expected"))
                        .isTrue()));
    }
}
