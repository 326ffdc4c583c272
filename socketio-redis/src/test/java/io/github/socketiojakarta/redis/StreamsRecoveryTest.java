package io.github.socketiojakarta.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.socketiojakarta.redis.FixtureNode.Kind;
import io.github.socketiojakarta.testing.NodeScript;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
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
 * Connection state recovery across a mixed cluster with {@code ADAPTER=redis-streams} on one
 * real Redis: two Java fixture nodes and one Node.js reference node
 * ({@code @socket.io/redis-streams-adapter} 0.3.1), driven by
 * {@code src/test/js/streams-recovery.mjs} with socket.io-client 4.8: the cases of the
 * reference adapter's recovery tests (the session restored; missed packets restored in order,
 * only those of the session's rooms and namespace, with distinct offsets; an invalid session id
 * or offset gives a new session), a client recovering from a Java node on the Node.js node and
 * the reverse, Redis restarted (sessions lost: new sessions, no error, the cluster works again),
 * a Java node stopped gracefully (the sessions it keeps at shutdown reach Redis and are restored
 * elsewhere) and a Java node killed (new sessions elsewhere, no error). The script asks this
 * test to restart Redis and to stop or kill nodes. Each check is one dynamic test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamsRecoveryTest {
    /** The checks the script makes; fewer means it stopped early. */
    static final int CHECKS = 49;
    /** The most log lines of the adapter a Java node may print (rate-limited logging). */
    static final int MAX_ADAPTER_LINES = 40;

    private RedisServerProcess redis;
    private final List<FixtureNode> nodes = new ArrayList<>();
    private JsonObject result;

    @BeforeAll
    void run() throws Exception {
        redis = RedisServerProcess.start();
        List<Kind> kinds = List.of(Kind.JAVA, Kind.NODE, Kind.JAVA);
        JsonArrayBuilder list = Json.createArrayBuilder();
        for (int i = 0; i < kinds.size(); i++) {
            FixtureNode node = FixtureNode.start(kinds.get(i), kinds.get(i).label() + (i + 1),
                    "redis-streams", redis.uri());
            nodes.add(node);
            list.add(Json.createReader(new java.io.StringReader(node.json())).readObject());
        }
        JsonObject args = Json.createObjectBuilder().add("nodes", list)
                .add("redis", redis.uri()).add("timeoutMs", 100_000).build();
        NodeScript.JsonResult r = NodeScript.runInteractive(NodeScript.jsDir(),
                "streams-recovery.mjs", args, Duration.ofSeconds(120), this::act);
        if (!r.ok()) {
            throw new AssertionError(r + "\n" + outputs());
        }
        result = r.json();
    }

    /** What the script asks for between its steps. */
    private String act(String request) {
        try {
            if (request.equals("restart-redis")) {
                redis.kill();
                redis.restart();
            } else if (request.startsWith("term ")) {
                nodes.get(Integer.parseInt(request.substring(5))).stop();
            } else if (request.startsWith("kill ")) {
                nodes.get(Integer.parseInt(request.substring(5))).kill();
            } else {
                return "unknown request " + request;
            }
            return "ok";
        } catch (Exception e) {
            return "failed: " + e;
        }
    }

    private String outputs() {
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
        assertThat(result.getJsonArray("checks")).hasSize(CHECKS);
    }

    @Test
    void theJavaNodesLoggedTheOutageSparingly() {
        for (FixtureNode n : nodes) {
            if (n.kind() == Kind.JAVA) {
                long lines = n.output().lines().filter(l -> l.contains("socketio-redis")).count();
                assertThat(lines).as(n.id() + " output:\n" + n.output())
                        .isLessThanOrEqualTo(MAX_ADAPTER_LINES);
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> everyCheckOfTheScriptPasses() {
        return result.getJsonArray("checks").stream().map(JsonValue::asJsonObject)
                .map(c -> DynamicTest.dynamicTest(c.getString("name"), () -> assertThat(
                        c.getBoolean("pass")).as("%s%nactual:   %s%nexpected: %s",
                                c.getString("name"), c.get("actual"), c.get("expected"))
                        .isTrue()));
    }
}
