package io.github.socketiojakarta.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.socketiojakarta.server.SocketIoServer;
import io.github.socketiojakarta.testing.NodeScript;
import io.github.socketiojakarta.testing.TestServer;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The library mounts itself: the initializer (what a WAR gets from META-INF/services) serves
 * both transports at the configured path, with options from context init parameters, and the
 * application finds the server in the servlet context.
 */
class SelfRegistrationTest {
    private final HttpClient http = HttpClient.newHttpClient();

    private static ServletContainerInitializer params(Map<String, String> values) {
        return (classes, ctx) -> values.forEach(ctx::setInitParameter);
    }

    private String get(String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.body();
    }

    @Test
    void theInitializerMountsBothTransportsWithTheContextOptions() throws Exception {
        AtomicReference<ServletContext> context = new AtomicReference<>();
        try (TestServer server = TestServer.start(
                params(Map.of("socketio.path", "/rt/", "socketio.pingInterval", "12345",
                        "socketio.maxHttpBufferSize", "5000")),
                new SocketIoInitializer(),
                (classes, ctx) -> context.set(ctx))) {
            String open = get(server.url() + "/rt/?EIO=4&transport=polling");
            assertThat(open).startsWith("200 0{").contains("\"pingInterval\":12345")
                    .contains("\"maxPayload\":5000").contains("\"upgrades\":[\"websocket\"]");
            assertThat(get(server.url() + "/socket.io/?EIO=4&transport=polling"))
                    .startsWith("404");

            SocketIoServer io = SocketIo.server(context.get());
            assertThat(SocketIo.server(context.get())).isSameAs(io);
            io.onConnection(socket -> socket.on("chat", e -> e.ack("delivered")));
            io.onConnection(socket -> socket.join("lobby"));
            NodeScript.JsonResult r = NodeScript.run("readme-chat.mjs",
                    "{\"url\":\"" + server.url() + "\",\"path\":\"/rt/\","
                            + "\"transports\":[\"polling\",\"websocket\"],\"expectBroadcast\":false,\"timeoutMs\":10000}",
                    Duration.ofSeconds(20));
            assertThat(r.ok()).as(r.toString()).isTrue();
            assertThat(r.json().getString("ack")).isEqualTo("delivered");
        }
    }

    @Test
    void enabledFalseMountsNothing() throws Exception {
        try (TestServer server = TestServer.start(params(Map.of("socketio.enabled", "false")),
                new SocketIoInitializer())) {
            assertThat(get(server.url() + "/socket.io/?EIO=4&transport=polling"))
                    .startsWith("404");
        }
    }

    @Test
    void theAdapterParameterPicksAProviderWhoseFactoryClosesWithTheApplication() {
        RecordingAdapterProvider.MADE.clear();
        AtomicReference<ServletContext> context = new AtomicReference<>();
        SocketIoServer io;
        try (TestServer server = TestServer.start(
                params(Map.of("socketio.adapter", "recording",
                        "socketio.recording.label", "from web.xml")),
                new SocketIoInitializer(),
                (classes, ctx) -> context.set(ctx))) {
            io = SocketIo.server(context.get());
            assertThat(RecordingAdapterProvider.MADE).hasSize(1);
            RecordingAdapterProvider.Factory made = RecordingAdapterProvider.MADE.get(0);
            assertThat(made.label).isEqualTo("from web.xml");
            assertThat(made.adapters).contains(io.of("/").adapter());
            assertThat(io.of("/other").adapter()).isSameAs(made.adapters.get(made.adapters.size() - 1));
            assertThat(made.closed).isFalse();
        }
        // the application stopped: the server, then the factory it was given, closed
        assertThat(RecordingAdapterProvider.MADE.get(0).closed).isTrue();
        assertThat(RecordingAdapterProvider.MADE).hasSize(1);
    }

    @Test
    void anUnknownAdapterNameIsRefusedAtStartUpNamingTheKnownOnes() {
        AtomicReference<ServletContext> context = new AtomicReference<>();
        try (TestServer server = TestServer.start(
                params(Map.of("socketio.adapter", "nosuch")),
                (classes, ctx) -> context.set(ctx))) {
            assertThatThrownBy(() -> ContextOptions.checkAdapter(context.get()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("socketio.adapter: no adapter named \"nosuch\" on the class path"
                            + " (available: memory, recording)");
        }
    }

    @Test
    void theMemoryAdapterIsTheDefaultAndMakesNoFactory() {
        RecordingAdapterProvider.MADE.clear();
        AtomicReference<ServletContext> context = new AtomicReference<>();
        try (TestServer server = TestServer.start(new SocketIoInitializer(),
                (classes, ctx) -> context.set(ctx))) {
            assertThat(ContextOptions.adapterName(context.get())).isEqualTo("memory");
            assertThat(SocketIo.server(context.get()).of("/").adapter())
                    .isInstanceOf(io.github.socketiojakarta.adapter.InMemoryAdapter.class);
            assertThat(RecordingAdapterProvider.MADE).isEmpty();
        }
    }
}
