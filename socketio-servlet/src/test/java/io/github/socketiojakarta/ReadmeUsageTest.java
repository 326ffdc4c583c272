package io.github.socketiojakarta;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.socketiojakarta.bootstrap.SocketIo;
import io.github.socketiojakarta.metrics.SocketIoMeterBinder;
import io.github.socketiojakarta.server.ServerMetrics;
import io.github.socketiojakarta.server.ServerOptions;
import io.github.socketiojakarta.server.SocketIoServer;
import io.github.socketiojakarta.testing.NodeScript;
import io.github.socketiojakarta.testing.TestServer;
import io.github.socketiojakarta.testing.TransportMode;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs the usage snippet of the README against the official JavaScript client, and checks that
 * the README still shows exactly this code, and the example chat's CDI observers (which the
 * chat's browser tests run).
 */
class ReadmeUsageTest {

    /** A chat message, mapped from and to JSON with JSON-B. */
    public record ChatMessage(String user, String text) {}

    static void mount(ServletContext servletContext) {
        // README:BEGIN
        SocketIoServer io = SocketIoServer.create();
        io.onConnection(socket -> {
            socket.join("lobby");
            socket.on("chat", ChatMessage.class, (message, event) -> {
                socket.to("lobby").emit("chat", message);
                event.ack("delivered");
            });
        });
        SocketIo.install(servletContext, io); // during start-up, e.g. in a ServletContainerInitializer
        // README:END
    }

    static void mountRecovering(ServletContext servletContext) {
        // README:CSR:BEGIN
        SocketIoServer io = SocketIoServer.create(ServerOptions.builder()
                .connectionStateRecovery(Duration.ofMinutes(2), true) // window, skipMiddlewares
                .build());
        io.onConnection(socket -> {
            if (!socket.recovered()) {
                socket.join("lobby"); // a recovered socket is back in its rooms, with its data
            }
            socket.on("chat", ChatMessage.class, (message, event) ->
                    socket.to("lobby").emit("chat", message));
        });
        // README:CSR:END
        SocketIo.install(servletContext, io);
    }

    static String observe(ServletContext servletContext, MeterRegistry registry) {
        // README:METRICS:BEGIN
        SocketIoServer io = SocketIo.server(servletContext);
        new SocketIoMeterBinder(io, Tags.of("app", "chat")).bindTo(registry); // Micrometer
        ServerMetrics metrics = io.metrics(); // the same numbers, in code
        String status = metrics.connections() + " clients, sockets by namespace " + metrics.sockets();
        // README:METRICS:END
        return status;
    }

    @org.junit.jupiter.api.Test
    void theReadmeMetricsWork() {
        AtomicReference<ServletContext> context = new AtomicReference<>();
        MeterRegistry registry = new SimpleMeterRegistry();
        try (TestServer server = TestServer.start((classes, ctx) -> {
            mount(ctx);
            context.set(ctx);
        })) {
            assertThat(observe(context.get(), registry))
                    .isEqualTo("0 clients, sockets by namespace {/=0}");
            NodeScript.run("readme-chat.mjs", "{\"url\":\"" + server.url() + "\",\"transports\":"
                    + TransportMode.WEBSOCKET.transportsJson() + ",\"timeoutMs\":10000}",
                    Duration.ofSeconds(20)).assertOk();
            double handshakes = 0;
            for (FunctionCounter c : registry.get("socketio.handshakes").tag("app", "chat")
                    .functionCounters()) {
                handshakes += c.count();
            }
            assertThat(handshakes).isGreaterThanOrEqualTo(2); // alice and bob
            assertThat(registry.get("socketio.packets.in").tags("app", "chat",
                    "transport", "websocket").functionCounter().count()).isPositive();
        }
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void theReadmeRecoveryWorks(TransportMode mode) {
        try (TestServer server = TestServer.start((classes, ctx) -> mountRecovering(ctx))) {
            NodeScript.JsonResult r = NodeScript.run("readme-recovery.mjs",
                    "{\"url\":\"" + server.url() + "\",\"transports\":" + mode.transportsJson()
                            + ",\"timeoutMs\":10000}", Duration.ofSeconds(20)).assertOk();
            assertThat(r.json().getJsonArray("texts").toString())
                    .isEqualTo("[\"before\",\"while away\"]");
            var connects = r.json().getJsonArray("connects");
            assertThat(connects).hasSize(2);
            assertThat(connects.getJsonObject(0).getBoolean("recovered")).isFalse();
            assertThat(connects.getJsonObject(1).getBoolean("recovered")).isTrue();
            assertThat(connects.getJsonObject(1).getString("id"))
                    .isEqualTo(connects.getJsonObject(0).getString("id"));
        }
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void theReadmeChatWorks(TransportMode mode) {
        try (TestServer server = TestServer.start((classes, ctx) -> mount(ctx))) {
            NodeScript.JsonResult r = NodeScript.run("readme-chat.mjs",
                    "{\"url\":\"" + server.url() + "\",\"transports\":" + mode.transportsJson()
                            + ",\"timeoutMs\":10000}", Duration.ofSeconds(20)).assertOk();
            assertThat(r.json().getString("ack")).isEqualTo("delivered");
            assertThat(r.json().getJsonObject("message").getString("user")).isEqualTo("alice");
            assertThat(r.json().getJsonObject("message").getString("text")).isEqualTo("hi");
        }
    }

    @org.junit.jupiter.api.Test
    void theReadmeShowsThisCode() throws IOException {
        Path base = Path.of(System.getProperty("basedir", "."));
        String test = Files.readString(base.resolve(
                "src/test/java/io/github/socketiojakarta/ReadmeUsageTest.java"));
        String snippet = test.substring(test.indexOf("// README:BEGIN") + 15,
                test.indexOf("        // README:END")).stripTrailing().stripIndent().strip();
        String readme = Files.readString(base.resolve("../README.md"));
        assertThat(readme).contains(snippet);
    }

    @org.junit.jupiter.api.Test
    void theReadmeShowsTheRecoveryCode() throws IOException {
        Path base = Path.of(System.getProperty("basedir", "."));
        String test = Files.readString(base.resolve(
                "src/test/java/io/github/socketiojakarta/ReadmeUsageTest.java"));
        String snippet = test.substring(test.indexOf("// README:CSR:BEGIN") + 19,
                test.indexOf("        // README:CSR:END")).stripTrailing().stripIndent().strip();
        assertThat(Files.readString(base.resolve("../README.md"))).contains(snippet);
    }

    @org.junit.jupiter.api.Test
    void theReadmeShowsTheMetricsCode() throws IOException {
        Path base = Path.of(System.getProperty("basedir", "."));
        String test = Files.readString(base.resolve(
                "src/test/java/io/github/socketiojakarta/ReadmeUsageTest.java"));
        String snippet = test.substring(test.indexOf("// README:METRICS:BEGIN") + 23,
                test.indexOf("        // README:METRICS:END")).stripTrailing().stripIndent().strip();
        assertThat(Files.readString(base.resolve("../README.md"))).contains(snippet);
    }

    @org.junit.jupiter.api.Test
    void theReadmeShowsTheChatsCdiObservers() throws IOException {
        Path base = Path.of(System.getProperty("basedir", "."));
        String chat = Files.readString(base.resolve(
                "../example-war/src/main/java/io/github/socketiojakarta/example/Chat.java"));
        String snippet = chat.substring(chat.indexOf("// README:CDI:BEGIN") + 19,
                chat.indexOf("    // README:CDI:END")).stripTrailing().stripIndent().strip();
        assertThat(Files.readString(base.resolve("../README.md"))).contains(snippet);
    }
}
