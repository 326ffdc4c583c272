package io.github.socketiojakarta.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.socketiojakarta.redis.FixtureNode.Kind;
import io.github.socketiojakarta.testing.NodeScript;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * A cluster of three feature-fixture nodes (docs/fixtures.md) on one real Redis, each with
 * {@code ADAPTER=redis} (or the adapter a subclass names), driven by {@code src/test/js/mixed-cluster.mjs}: official socket.io-client
 * 4.8 clients on every node over WebSocket and over polling, and every operation of the fixture
 * table (whoami and welcome, join / leave seen from the other nodes, emit with rooms / except /
 * socket-id rooms / local / volatile, emit-with-ack with answers, a timeout and nobody, fetch,
 * sockets-join / sockets-leave, disconnect-sockets with and without close, server-side-emit with
 * and without acks, server-events, all-rooms, binaries at any depth, the /custom namespace kept
 * apart) started from each node in turn and checked on every client of every node. Each check of
 * the script is one dynamic test, named after what it checks. Subclasses choose which
 * implementation each node runs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MixedClusterScenario {
    /** The checks the script makes with three nodes; fewer means it stopped early. */
    static final int CHECKS = 283;
    /** The offset checks it adds with an adapter that appends offsets (6 emits per node). */
    static final int OFFSET_CHECKS = 18;

    /** The {@code ADAPTER} of every node ({@code redis} unless a subclass says otherwise). */
    String adapter() {
        return "redis";
    }

    /** What offsets broadcast events carry with this adapter (recovery is on in the fixture). */
    private String offsets() {
        return switch (adapter()) {
            case "redis-sharded" -> "sharded";
            case "redis-streams" -> "streams";
            default -> "none";
        };
    }

    /**
     * Differences of the Java node from the reference that are known and not fixed yet, by a
     * part of the check's name: such a check is reported as skipped (aborted, with the reason)
     * while it fails, and passes once the difference is gone. Empty for Node.js-only clusters.
     */
    Map<String, String> knownDifferences() {
        return Map.of();
    }

    private RedisServerProcess redis;
    private final List<FixtureNode> nodes = new ArrayList<>();
    private JsonObject result;

    /** The implementation of each of the three nodes, in order. */
    abstract List<Kind> kinds();

    @BeforeAll
    void cluster() throws Exception {
        redis = RedisServerProcess.start();
        List<Kind> kinds = kinds();
        StringBuilder json = new StringBuilder("{\"nodes\":[");
        for (int i = 0; i < kinds.size(); i++) {
            FixtureNode node = FixtureNode.start(kinds.get(i), kinds.get(i).label() + (i + 1),
                    adapter(), redis.uri());
            nodes.add(node);
            json.append(i == 0 ? "" : ",").append(node.json());
        }
        json.append("],\"adapter\":\"").append(adapter()).append("\",\"timeoutMs\":90000}");
        NodeScript.JsonResult r = NodeScript.run("mixed-cluster.mjs", json.toString(),
                Duration.ofSeconds(100));
        if (!r.ok()) {
            throw new AssertionError(r + "\n" + nodeOutputs());
        }
        result = r.json();
    }

    private String nodeOutputs() {
        StringBuilder sb = new StringBuilder();
        for (FixtureNode n : nodes) {
            sb.append("--- ").append(n.kind().label()).append(" node ").append(n.id())
                    .append(" ---\n").append(n.output()).append('\n');
        }
        return sb.toString();
    }

    @AfterAll
    void stop() {
        for (FixtureNode n : nodes) {
            n.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void theScriptMadeEveryCheck() {
        assertThat(result.getJsonArray("checks"))
                .hasSize(CHECKS + (offsets().equals("none") ? 0 : OFFSET_CHECKS));
    }

    @TestFactory
    Stream<DynamicTest> everyCheckOfTheScriptPasses() {
        return result.getJsonArray("checks").stream().map(JsonValue::asJsonObject)
                .map(c -> DynamicTest.dynamicTest(c.getString("name"), () -> {
                    String message = String.format("%s%nactual:   %s%nexpected: %s",
                            c.getString("name"), c.get("actual"), c.get("expected"));
                    if (!c.getBoolean("pass")) {
                        knownDifferences().forEach((part, reason) -> Assumptions.assumeFalse(
                                c.getString("name").contains(part),
                                "known difference of the Java node: " + reason + "\n" + message));
                    }
                    assertThat(c.getBoolean("pass")).as(message).isTrue();
                }));
    }
}
