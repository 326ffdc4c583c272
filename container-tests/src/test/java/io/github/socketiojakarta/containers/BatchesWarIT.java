package io.github.socketiojakarta.containers;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.socketiojakarta.testing.NodeScript;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Write batches on a real container, with the bench WAR ({@code benchmarks-bench.war},
 * unchanged) at the root context: the packets one listener callback writes (many, small and
 * large mixed) arrive whole and in order, the ack behind them, also when the connection is
 * closed right behind the batch; a client that stops reading holds up no other client. Run with
 * the container's batched write path, which the container's log must name (on WildFly Undertow's
 * JSR-356 batching; on Tomcat its non-blocking flush), so that a silent fallback to frame by
 * frame fails here; subclasses may switch it off to run the same checks frame by frame.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BatchesWarIT {
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(60);
    private Container container;

    /** A new (not started) container. */
    abstract Container newContainer();

    /** What the container's log says about the WebSocket write path in this run. */
    abstract String expectedWritePath();

    /** Another line the container's log must have in this run, or {@code null}. */
    String otherExpectedLine() {
        return null;
    }

    @BeforeAll
    void deployTheBenchWar() throws IOException {
        container = newContainer().start();
        container.deploy(ConformanceWarIT.war("benchmarks-bench.war"), ConformanceWarIT.PROBE);
    }

    @AfterAll
    void stop() {
        if (container != null) {
            container.close();
        }
    }

    @Test
    void batchesArriveWholeAndInOrderAlsoBeforeACloseAndPastAClientThatDoesNotRead() {
        List<List<Integer>> bursts = List.of(
                sizes(500, k -> 20 + k % 7), // many small frames: one batch
                sizes(40, k -> k % 5 == 0 ? 300_000 : k % 3 == 0 ? 0 : 100 + k), // mixed, 2.4 MB
                sizes(3, k -> 1_048_576), // three frames of 1 MiB
                sizes(200, k -> k % 10 == 0 ? 70_000 : 60)); // the last: also before a close
        List<Integer> stuck = sizes(100, k -> 200_000); // 20 MB to a client that reads nothing
        JsonArrayBuilder burstsJson = Json.createArrayBuilder();
        bursts.forEach(b -> burstsJson.add(Json.createArrayBuilder(b)));
        JsonObject args = Json.createObjectBuilder()
                .add("url", container.url())
                .add("bursts", burstsJson)
                .add("broadcast", Json.createObjectBuilder().add("count", 300).add("size", 50))
                .add("stuck", Json.createArrayBuilder(stuck))
                .add("timeoutMs", SCRIPT_TIMEOUT.minusSeconds(5).toMillis())
                .build();

        NodeScript.JsonResult r = NodeScript.run("batches.mjs", args, SCRIPT_TIMEOUT).assertOk();
        System.out.println(container.product() + " batches: " + r.json());

        for (int i = 0; i < bursts.size(); i++) {
            JsonObject burst = r.json().getJsonArray("bursts").getJsonObject(i);
            assertThat(burst.getInt("count")).as("burst %d acked count", i)
                    .isEqualTo(bursts.get(i).size());
            assertThat(burst.getInt("parts")).as("burst %d parts", i).isEqualTo(bursts.get(i).size());
            assertThat(burst.getBoolean("ordered")).as("burst %d in order", i).isTrue();
            assertThat(burst.getBoolean("sizesOk")).as("burst %d sizes", i).isTrue();
            assertThat(burst.getBoolean("ackAfterParts")).as("burst %d ack last", i).isTrue();
        }
        assertAll(r.json().getJsonObject("broadcast"), List.of("a", "b", "c"), 300);
        JsonObject closing = r.json().getJsonObject("closing");
        assertThat(closing.getInt("parts")).as("parts before the close")
                .isEqualTo(bursts.get(bursts.size() - 1).size());
        assertThat(closing.getBoolean("ordered")).isTrue();
        assertThat(closing.getBoolean("sizesOk")).isTrue();
        assertThat(closing.getBoolean("acked")).as("ack before the close").isTrue();
        assertThat(closing.getString("reason")).isEqualTo("io server disconnect");
        JsonObject whileStuck = r.json().getJsonObject("whileStuck");
        assertThat(whileStuck.getInt("echoes")).isEqualTo(20);
        assertThat(whileStuck.getInt("maxEchoMs")).as("slowest echo while a client is stuck (ms)")
                .isLessThan(5_000);
        assertAll(whileStuck.getJsonObject("broadcast"), List.of("a", "c"), 300);
        assertAll(r.json().getJsonObject("after"), List.of("a", "c"), 300);
        assertThat(container.console()).contains(expectedWritePath());
        if (otherExpectedLine() != null) {
            assertThat(container.console()).contains(otherExpectedLine());
        }
    }

    private static void assertAll(JsonObject broadcast, List<String> names, int count) {
        for (String name : names) {
            JsonObject got = broadcast.getJsonObject(name);
            assertThat(got.getInt("received")).as(name + " received").isEqualTo(count);
            assertThat(got.getBoolean("ordered")).as(name + " in order").isTrue();
        }
    }

    private static List<Integer> sizes(int n, java.util.function.IntUnaryOperator size) {
        List<Integer> sizes = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            sizes.add(size.applyAsInt(k));
        }
        return sizes;
    }
}
