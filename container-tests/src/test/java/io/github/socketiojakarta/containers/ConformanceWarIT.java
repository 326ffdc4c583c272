package io.github.socketiojakarta.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.socketiojakarta.testing.NodeScript;
import io.github.socketiojakarta.testing.TransportMode;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The conformance fixture WAR ({@code conformance-war}), unchanged, at the root context of a
 * real container: the official JavaScript clients over each transport mode against the bare
 * Engine.IO echo ({@code /engine.io/}) and the Socket.IO fixture ({@code /socket.io/}), text and
 * binary both ways, acks, namespaces multiplexed on one connection; at the end, the undeployment
 * leaves no thread of ours in the container. With {@code -Dconformance.suites=DIR} (a local copy
 * of the official suites with its {@code run.sh}), the suites themselves run against it too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class ConformanceWarIT {
    static final String PROBE = "/socket.io/?EIO=4&transport=polling";
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(30);

    private Container container;

    /** A new (not started) container. */
    abstract Container newContainer();

    @BeforeAll
    void deployTheFixture() throws IOException {
        container = newContainer().start();
        container.deploy(war("conformance-war.war"), PROBE);
        assertThat(container.status("/engine.io/?EIO=4&transport=polling")).isEqualTo(200);
    }

    @AfterAll
    void stop() {
        if (container != null) {
            container.close();
        }
    }

    @Order(1)
    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void theEngineEchoesTextAndBinary(TransportMode mode) {
        String big = "x".repeat(60_000);
        JsonArray binaries = Json.createArrayBuilder()
                .add(bytes(0, 1, 2, 254, 255))
                .add(bytes(new int[0]))
                .add(range(8192))
                .build();
        JsonObject args = Json.createObjectBuilder()
                .add("url", container.url())
                .add("path", "/engine.io/")
                .add("transports", array(mode.transportsJson()))
                .add("waitUpgrade", mode == TransportMode.UPGRADE)
                .add("texts", Json.createArrayBuilder().add("hello").add("\u00fcn\u00efc\u00f6d\u00e9 \u2713 \ud83d\ude00").add(big))
                .add("binaries", binaries)
                .add("timeoutMs", SCRIPT_TIMEOUT.minusSeconds(5).toMillis())
                .build();

        NodeScript.JsonResult r = NodeScript.run("eio-echo.mjs", args, SCRIPT_TIMEOUT).assertOk();

        assertThat(r.strings("texts")).containsExactly("hello",
                "\u00fcn\u00efc\u00f6d\u00e9 \u2713 \ud83d\ude00", big);
        assertThat(r.json().getJsonArray("binaries")).isEqualTo(binaries);
        assertThat(r.string("transport")).isEqualTo(mode == TransportMode.POLLING ? "polling" : "websocket");
        assertThat(r.json().getBoolean("upgraded")).isEqualTo(mode == TransportMode.UPGRADE);
    }

    @Order(2)
    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void socketIoEchoesEventsAndAcksWithBinaryOnMultiplexedNamespaces(TransportMode mode) {
        JsonObject bin = Json.createObjectBuilder().add("$bin", bytes(1, 2, 3)).build();
        JsonObject nested = Json.createObjectBuilder().add("file", Json.createObjectBuilder()
                .add("$bin", bytes(255, 0))).add("name", "b").build();
        JsonArray message = Json.createArrayBuilder().add("hello").add(42).add(bin).add(nested)
                .build();
        JsonArray withAck = Json.createArrayBuilder().add("x").add(bin).add(JsonValue.NULL).build();
        JsonObject args = Json.createObjectBuilder()
                .add("url", container.url())
                .add("transports", array(mode.transportsJson()))
                .add("waitUpgrade", mode == TransportMode.UPGRADE)
                .add("timeoutMs", SCRIPT_TIMEOUT.minusSeconds(5).toMillis())
                .add("steps", Json.createArrayBuilder()
                        .add(step("connect").add("socket", "main").add("nsp", "/")
                                .add("auth", Json.createObjectBuilder().add("token", "abc").add("n", 1)))
                        .add(step("await").add("socket", "main").add("event", "auth"))
                        .add(step("connect").add("socket", "custom").add("nsp", "/custom")
                                .add("auth", Json.createObjectBuilder().add("x", "y")))
                        .add(step("await").add("socket", "custom").add("event", "auth"))
                        .add(step("emit").add("socket", "main").add("event", "message")
                                .add("args", message))
                        .add(step("await").add("socket", "main").add("event", "message-back"))
                        .add(step("emit").add("socket", "main").add("event", "message-with-ack")
                                .add("args", withAck).add("ack", "echo"))
                        .add(step("connect").add("socket", "nowhere").add("nsp", "/nowhere")
                                .add("expect", "error")))
                .build();

        NodeScript.JsonResult r = NodeScript.run("sio-a-steps.mjs", args, SCRIPT_TIMEOUT)
                .assertOk();

        JsonObject sockets = r.json().getJsonObject("sockets");
        JsonArray main = sockets.getJsonObject("main").getJsonArray("events");
        assertThat(main).hasSize(2);
        assertThat(event(main, 0, "auth")).isEqualTo(Json.createArrayBuilder()
                .add(Json.createObjectBuilder().add("token", "abc").add("n", 1)).build());
        assertThat(event(main, 1, "message-back")).isEqualTo(message);
        assertThat(r.json().getJsonObject("acks").getJsonObject("echo").getJsonArray("args"))
                .isEqualTo(withAck);
        assertThat(event(sockets.getJsonObject("custom").getJsonArray("events"), 0, "auth"))
                .isEqualTo(Json.createArrayBuilder()
                        .add(Json.createObjectBuilder().add("x", "y")).build());
        assertThat(sockets.getJsonObject("nowhere").getJsonObject("error").getString("message"))
                .isEqualTo("Invalid namespace");
        JsonObject manager = r.json().getJsonObject("managers").getJsonObject("default");
        assertThat(manager.getString("transport"))
                .isEqualTo(mode == TransportMode.POLLING ? "polling" : "websocket");
        assertThat(manager.getBoolean("upgraded")).isEqualTo(mode == TransportMode.UPGRADE);
    }

    /** The official suites, when a local copy is given: never committed, so never in CI. */
    @Order(3)
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"eio", "sio"})
    @EnabledIfSystemProperty(named = "conformance.suites", matches = ".+")
    void theOfficialSuitePasses(String suite) throws IOException, InterruptedException {
        Path dir = Path.of(System.getProperty("conformance.suites"));
        ProcessBuilder builder = new ProcessBuilder("bash", dir.resolve("run.sh").toString(), suite)
                .redirectErrorStream(true).redirectInput(Container.NO_INPUT);
        builder.environment().put("PORT", container.url().replaceFirst(".*:", ""));
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(6, TimeUnit.MINUTES)).isTrue();
        System.out.println(container.product() + " " + out);
        assertThat(p.exitValue()).as(out).isZero();
    }

    @Order(4)
    @Test
    void undeployingLeavesNoThreadOfOurs() throws Exception {
        assertThat(ours()).as("our threads while deployed").isNotEmpty();

        container.undeploy(PROBE);

        await("our threads end").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(ours()).isEmpty());
        assertThat(container.threadsLeftBehind()).as("threads left behind").isEmpty();
    }

    private List<String> ours() throws IOException, InterruptedException {
        return container.threadNames().stream().filter(n -> n.startsWith("socketio-")).toList();
    }

    private static JsonArray event(JsonArray events, int i, String name) {
        JsonObject e = events.getJsonObject(i);
        assertThat(e.getString("event")).isEqualTo(name);
        return e.getJsonArray("args");
    }

    private static jakarta.json.JsonObjectBuilder step(String op) {
        return Json.createObjectBuilder().add("op", op);
    }

    static JsonArray array(String json) {
        try (JsonReader r = Json.createReader(new StringReader(json))) {
            return r.readArray();
        }
    }

    private static JsonArray bytes(int... values) {
        var a = Json.createArrayBuilder();
        for (int v : values) {
            a.add(v);
        }
        return a.build();
    }

    private static JsonArray range(int n) {
        var a = Json.createArrayBuilder();
        for (int i = 0; i < n; i++) {
            a.add(i % 256);
        }
        return a.build();
    }

    static Path war(String name) {
        Path war = Path.of(System.getProperty("wars.dir"), name);
        assertThat(Files.isRegularFile(war)).as(war.toString()).isTrue();
        return war;
    }
}
