package io.github.socketiojakarta.cdi;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.socketiojakarta.msgpack.MsgpackParser;
import io.github.socketiojakarta.server.ServerOptions;
import io.github.socketiojakarta.server.Socket;
import io.github.socketiojakarta.testing.NodeScript;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.json.Json;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The parser comes with the application's {@link ServerOptions} bean like every other option:
 * a produced bean with {@link MsgpackParser} gives the bridge's server the msgpack parser, and
 * the official client with {@code socket.io-msgpack-parser} talks to it.
 */
class MsgpackOptionsBeanTest {

    /** The application's options. */
    @Dependent
    public static class Options {
        @Produces
        ServerOptions options() {
            return ServerOptions.builder().parser(new MsgpackParser()).build();
        }
    }

    /** Echoes every socket's "echo" arguments in the ack. */
    @ApplicationScoped
    public static class Echo {
        void connected(@Observes @Connected Socket socket) {
            socket.on("echo", e -> e.ack(e.args().values().toArray()));
        }
    }

    @Test
    void aProducedOptionsBeanChoosesTheMsgpackParser() throws Exception {
        try (WeldTomcat tomcat = WeldTomcat.start(Options.class, Echo.class)) {
            Path scripts = NodeScript.moduleDir().resolve("../socketio-msgpack/src/test/js")
                    .normalize();
            NodeScript.JsonResult r = NodeScript.runInteractive(scripts, "echo.mjs",
                    Json.createObjectBuilder().add("url", tomcat.url()).add("timeoutMs", 15000)
                            .build(), Duration.ofSeconds(25), request -> "").assertOk();

            assertThat(r.json().getJsonArray("acked").toString())
                    .isEqualTo("[{\"bin\":{\"bin\":[1,2]},\"n\":2},\"two\"]");
        }
    }
}
