package io.github.socketiojakarta.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.socketiojakarta.server.SocketIoServer;
import io.github.socketiojakarta.testing.TestServer;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The context parameter {@code socketio.allowEIO3}: off when absent, and through a real
 * start-up a server that opens (or refuses) an Engine.IO v3 long-polling handshake.
 */
class AllowEio3ParameterTest {

    @ParameterizedTest
    @CsvSource({"true,200", "TRUE,200", "false,400", ",400"})
    void theInitializerReadsTheParameter(String value, int status) throws Exception {
        AtomicReference<ServletContext> context = new AtomicReference<>();
        ServletContainerInitializer params = (classes, ctx) -> {
            if (value != null) {
                ctx.setInitParameter("socketio.allowEIO3", value);
            }
        };
        try (TestServer server = TestServer.start(params, new SocketIoInitializer(),
                (classes, ctx) -> context.set(ctx))) {
            SocketIoServer io = SocketIo.server(context.get());
            assertThat(io.options().engine().allowEIO3()).isEqualTo(status == 200);
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port()
                            + "/socket.io/?EIO=3&transport=polling")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(r.statusCode()).isEqualTo(status);
            assertThat(r.body()).matches(status == 200 ? "\\d+:0\\{.*"
                    : "\\{\"code\":5,\"message\":\"Unsupported protocol version\"\\}");
        }
    }
}
